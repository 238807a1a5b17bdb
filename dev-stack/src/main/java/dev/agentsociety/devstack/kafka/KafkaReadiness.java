package dev.agentsociety.devstack.kafka;

import dev.agentsociety.devstack.DevStackException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits until a cluster answers with the expected number of brokers. */
final class KafkaReadiness {

    private KafkaReadiness() {
    }

    static int awaitBrokers(String bootstrapServers, int expected, Duration timeout, Supplier<String> fix) {
        return awaitBrokers(bootstrapServers, expected, timeout, () -> true, fix);
    }

    /** {@code stillStarting} lets a caller give up early when the processes it started have died. */
    static int awaitBrokers(String bootstrapServers, int expected, Duration timeout, BooleanSupplier stillStarting,
            Supplier<String> fix) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            while (Instant.now().isBefore(deadline) && stillStarting.getAsBoolean()) {
                try {
                    int live = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                    if (live >= expected) {
                        return live;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DevStackException("interrupted while waiting for Kafka at " + bootstrapServers, e);
                }
            }
        }
        throw new DevStackException("Kafka at " + bootstrapServers + " did not answer with " + expected
                + " broker(s) within " + timeout.toSeconds() + " s"
                + (last == null ? "" : " (" + last.getMessage() + ")") + ": " + fix.get());
    }
}
