package dev.agentsociety.devstack.kafka;

import java.time.Duration;

/** A cluster someone else runs, named by {@code KAFKA_BOOTSTRAP_SERVERS}: checked at start, never stopped. */
class ExternalKafka implements KafkaStack {

    private final String bootstrapServers;
    private final int brokers;
    private final Duration timeout;

    ExternalKafka(String bootstrapServers, int brokers) {
        this(bootstrapServers, brokers, Duration.ofSeconds(30));
    }

    ExternalKafka(String bootstrapServers, int brokers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.brokers = brokers;
        this.timeout = timeout;
    }

    @Override
    public KafkaStack start() {
        int live = KafkaReadiness.awaitBrokers(bootstrapServers, 1, timeout,
                () -> "set " + BOOTSTRAP_ENV + " to a reachable cluster, or unset it to start one here");
        if (live < brokers) {
            throw new IllegalStateException(BOOTSTRAP_ENV + "=" + bootstrapServers + " has " + live
                    + " broker(s); this run needs " + brokers);
        }
        return this;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public int brokers() {
        return brokers;
    }

    @Override
    public String describe() {
        return "external cluster at " + bootstrapServers;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
