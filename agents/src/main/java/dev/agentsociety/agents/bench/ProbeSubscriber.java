package dev.agentsociety.agents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.bench.ProbeSink;
import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.dapr.client.domain.BulkSubscribeAppResponseStatus;
import io.dapr.springboot.annotations.BulkSubscribe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two ways a Dapr app takes messages: one CloudEvent per HTTP request, or a batch of them per request
 * ({@code @BulkSubscribe}: the sidecar collects up to {@code maxMessagesCount} or waits {@code maxAwaitDurationMs}).
 * {@code GET /bench/stats?run=} and {@code /bench/tally?run=} tell the benchmark what arrived; several instances
 * (one app-id, one consumer group) each tell their own.
 */
@RestController
class ProbeSubscriber {

    private final ProbeSink sink;

    ProbeSubscriber(ProbeSink sink) {
        this.sink = sink;
    }

    @Topic(name = "${bench.topic:bench-probes}", pubsubName = "${agent.pubsub:pubsub}")
    @PostMapping("/events/probe")
    public void onProbe(@RequestBody byte[] cloudEvent) throws IOException {
        sink.handle(probe(EventJson.mapper().readTree(cloudEvent)));
    }

    @BulkSubscribe(maxMessagesCount = 100, maxAwaitDurationMs = 10)
    @Topic(name = "${bench.bulk-topic:bench-probes-bulk}", pubsubName = "${agent.pubsub:pubsub}")
    @PostMapping("/events/probe-bulk")
    public BulkSubscribeAppResponse onProbes(@RequestBody byte[] bulk) throws IOException {
        List<BulkSubscribeAppResponseEntry> statuses = new ArrayList<>();
        for (JsonNode entry : EventJson.mapper().readTree(bulk).path("entries")) {
            sink.handle(probe(entry.path("event")));
            statuses.add(new BulkSubscribeAppResponseEntry(entry.path("entryId").asText(), BulkSubscribeAppResponseStatus.SUCCESS));
        }
        return new BulkSubscribeAppResponse(statuses);
    }

    @GetMapping("/bench/stats")
    public ProbeSink.Stats stats(@RequestParam String run) {
        return sink.stats(run);
    }

    /** Which probes of the run this instance took and their latencies, for the benchmark to merge with other instances'. */
    @GetMapping("/bench/tally")
    public ProbeSink.Tally tally(@RequestParam String run) {
        return sink.tally(run);
    }

    private static Probe probe(JsonNode cloudEvent) throws IOException {
        JsonNode data = cloudEvent.path("data");
        return data.isTextual() ? EventJson.fromBytes(data.asText().getBytes(StandardCharsets.UTF_8), Probe.class)
                : EventJson.mapper().treeToValue(data, Probe.class);
    }
}
