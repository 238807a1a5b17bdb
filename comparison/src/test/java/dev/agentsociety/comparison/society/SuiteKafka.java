package dev.agentsociety.comparison.society;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.domain.Topics;

/**
 * One Kafka for the whole comparison suite (started on first use, stopped when the test JVM exits); each test
 * gets topics of its own from topology/topics.yaml under a fresh prefix, so runs never see each other's events.
 * {@code -Dagentsociety.brokers=3} ({@code ./mvnw verify -Dagentsociety.brokers=3}) runs the suite on three brokers:
 * replication factor 3, {@code min.insync.replicas} 2.
 */
public final class SuiteKafka {

    /** How many brokers the suite's cluster has: 1 unless {@code -Dagentsociety.brokers=3}. */
    public static final int BROKERS = Integer.getInteger("agentsociety.brokers", 1);

    private static KafkaStack kafka;

    private SuiteKafka() {
    }

    public static synchronized KafkaStack get() {
        if (kafka == null) {
            kafka = KafkaStack.select(BROKERS).start();
        }
        return kafka;
    }

    /** The spec's topics under a prefix naming the scenario and the implementation. */
    public static Topics freshTopics(String scenario, String implementation) {
        Topics topics = new Topics(scenario + "-" + implementation + "-" + Long.toString(System.nanoTime(), 36) + ".");
        KafkaStack cluster = get();
        TopologyApplier.ensureSpec(cluster.bootstrapServers(), topics.prefix(), cluster.brokers());
        return topics;
    }
}
