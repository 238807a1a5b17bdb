package dev.agentsociety.agents.brokerprobe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.bench.Probe;
import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.dapr.client.domain.BulkSubscribeAppResponseStatus;
import io.dapr.springboot.annotations.BulkSubscribe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * broker-probe's three subscriptions, each taking the record as it is ({@link IncomingEvents#RAW_PAYLOAD}), as the
 * agents do: {@value #TOPIC} one delivery per request, {@value #BULK_TOPIC} in batches ({@code @BulkSubscribe}), and
 * the dead letters of {@value #TOPIC}. A record that is not a probe is dead-lettered with its reason and the delivery
 * is done; a probe is traced, then acknowledged.
 */
@RestController
class BrokerProbeSubscriber {

    static final String TOPIC = "broker-probes";
    static final String BULK_TOPIC = "broker-probes-bulk";

    private final IncomingEvents incoming;
    private final DeliveryTrace trace;

    BrokerProbeSubscriber(IncomingEvents incoming, DeliveryTrace trace) {
        this.incoming = incoming;
        this.trace = trace;
    }

    @Topic(name = "${agent.topic-prefix:}" + TOPIC, pubsubName = "${agent.pubsub:pubsub}", metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/probe")
    public void onProbe(@RequestBody(required = false) byte[] body, @RequestHeader HttpHeaders headers) throws IOException {
        take(IncomingEvents.Delivery.of(body, headers), TOPIC);
    }

    @BulkSubscribe(maxMessagesCount = 100, maxAwaitDurationMs = 10)
    @Topic(name = "${agent.topic-prefix:}" + BULK_TOPIC, pubsubName = "${agent.pubsub:pubsub}", metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/probe-bulk")
    public BulkSubscribeAppResponse onProbes(@RequestBody byte[] bulk) throws IOException {
        List<BulkSubscribeAppResponseEntry> statuses = new ArrayList<>();
        for (JsonNode entry : EventJson.mapper().readTree(bulk).path("entries")) {
            take(IncomingEvents.Delivery.ofEntry(entry), BULK_TOPIC);
            statuses.add(new BulkSubscribeAppResponseEntry(entry.path("entryId").asText(), BulkSubscribeAppResponseStatus.SUCCESS));
        }
        return new BulkSubscribeAppResponse(statuses);
    }

    @Topic(name = "${agent.topic-prefix:}" + TOPIC + "-dlq", pubsubName = "${agent.pubsub:pubsub}", metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/dead-letter")
    public void onDeadLetter(@RequestBody(required = false) byte[] body, @RequestHeader HttpHeaders headers) throws IOException {
        IncomingEvents.Delivery delivery = IncomingEvents.Delivery.of(body, headers);
        trace.deadLetter(Probe.nowMicros(), delivery.value() == null ? 0 : delivery.value().length, delivery.headers().get("dlq.reason"));
    }

    private void take(IncomingEvents.Delivery delivery, String topic) {
        incoming.read(delivery, topic, Probe.class, Probe.SCHEMA_VERSION, BrokerProbeApplication.NAME)
                .ifPresent(probe -> trace.handled(probe.run(), probe.seq(), probe.sentAtMicros(), Probe.nowMicros()));
    }
}
