package dev.agentsociety.direct.bench;

import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.direct.kafka.KafkaEventCodec;
import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.bench.ProbeSink;
import java.util.List;

/**
 * The benchmark's handler behind a plain consumer: the same {@link KafkaAgentLoop} every direct agent runs (poll,
 * decode the CloudEvent, handle, commit). The mirror of the Dapr variant's {@code ProbeSubscriber}.
 */
public final class ProbeConsumer implements AutoCloseable {

    /**
     * The consumer group. Not the Dapr sink's app-id ({@code bench-sink}), which is its sidecar's group: members of
     * one group rebalance together even on different topics, and the two sinks run side by side.
     */
    public static final String NAME = "bench-sink-direct";

    private final ProbeSink sink = new ProbeSink();
    private final KafkaAgentLoop loop;

    public ProbeConsumer(String bootstrapServers, List<String> topics) {
        this.loop = new KafkaAgentLoop(bootstrapServers, NAME, topics,
                event -> sink.handle(event.data(Probe.class)));
    }

    public ProbeConsumer start() {
        loop.start();
        return this;
    }

    public ProbeSink.Stats stats(String run) {
        return sink.stats(run);
    }

    @Override
    public void close() {
        loop.close();
    }
}
