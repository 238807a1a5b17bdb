package dev.agentsociety.devstack.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * A Kafka cluster to run against, used like a Testcontainers resource: {@code start()}, {@code bootstrapServers()},
 * {@code close()}.
 */
public interface KafkaStack extends AutoCloseable {

    /** When set, tests and ./demo use that cluster and start none. */
    String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    KafkaStack start();

    String bootstrapServers();

    /** How many brokers the cluster has (replication factor and min.insync.replicas follow from it). */
    int brokers();

    /** A short description for logs and reports, e.g. "embedded 1 × Kafka 4.1.1". */
    String describe();

    /**
     * What an admin client needs to reach this cluster with every right: its bootstrap servers and, for a secured
     * cluster, its credentials.
     */
    default Map<String, Object> adminConfig() {
        return Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** The broker processes this stack runs on this machine, by name (none for an external cluster or a container). */
    default Map<String, ProcessHandle> processes() {
        return Map.of();
    }

    @Override
    void close();

    /**
     * The cluster a test gets: the external one named by {@value #BOOTSTRAP_ENV}; else Testcontainers' Kafka when
     * a Docker engine is reachable (single broker only); else genuine brokers from the Maven jars in child JVMs.
     */
    static KafkaStack select(int brokers) {
        String external = System.getenv(BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return new ExternalKafka(external.trim(), brokers);
        }
        if (brokers == 1 && dockerAvailable()) {
            return new ContainerKafka();
        }
        return EmbeddedKafkaCluster.withBrokers(brokers);
    }

    private static boolean dockerAvailable() {
        // ask Testcontainers only where an engine could be: it logs an ERROR for every strategy it tries otherwise
        boolean engineConfigured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"));
        if (!engineConfigured || Boolean.getBoolean("agentsociety.noDocker")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable noDocker) {
            return false;
        }
    }
}
