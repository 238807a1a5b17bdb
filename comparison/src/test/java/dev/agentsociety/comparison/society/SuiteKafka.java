package dev.agentsociety.comparison.society;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.domain.Topics;

/**
 * One Kafka for the whole comparison suite (started on first use, stopped when the test JVM exits); each test
 * gets topics of its own from topology/topics.yaml under a fresh prefix, so runs never see each other's events.
 */
public final class SuiteKafka {

    private static KafkaStack kafka;

    private SuiteKafka() {
    }

    public static synchronized KafkaStack get() {
        if (kafka == null) {
            kafka = KafkaStack.select(1).start();
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
