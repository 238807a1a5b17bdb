package dev.agentsociety.devstack.kafka;

import dev.agentsociety.devstack.StackVersions;
import org.testcontainers.kafka.KafkaContainer;

/** Testcontainers' Kafka module with the official apache/kafka image, for machines with a Docker engine. */
final class ContainerKafka implements KafkaStack {

    private final KafkaContainer container = new KafkaContainer("apache/kafka:" + StackVersions.kafka())
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"); // topics come from topology/topics.yaml only

    @Override
    public KafkaStack start() {
        container.start();
        return this;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int brokers() {
        return 1;
    }

    @Override
    public String describe() {
        return "Testcontainers apache/kafka:" + StackVersions.kafka();
    }

    @Override
    public void close() {
        container.stop();
    }
}
