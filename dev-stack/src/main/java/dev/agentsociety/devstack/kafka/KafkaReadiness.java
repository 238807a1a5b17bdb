package dev.agentsociety.devstack.kafka;

import dev.agentsociety.devstack.DevStackException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/** Waits until a cluster answers with the expected number of brokers, or until new partitions take writes. */
public final class KafkaReadiness {

    private KafkaReadiness() {
    }

    static int awaitBrokers(String bootstrapServers, int expected, Duration timeout, Supplier<String> fix) {
        return awaitBrokers(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), expected, timeout,
                () -> true, fix);
    }

    /** {@code stillStarting} lets a caller give up early when the processes it started have died. */
    static int awaitBrokers(Map<String, Object> adminConfig, int expected, Duration timeout, BooleanSupplier stillStarting,
            Supplier<String> fix) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        Object bootstrapServers = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = impatientAdmin(adminConfig)) {
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
                + (last == null ? "" : " (" + (last.getMessage() != null ? last.getMessage() : last.getClass().getSimpleName()) + ")")
                + ": " + fix.get());
    }

    /**
     * An admin client that gives up on a request in seconds: asked again and again while a cluster starts, or while a
     * fault lasts (a request to a stalled broker would otherwise wait out the default 60 s).
     */
    public static Admin impatientAdmin(String bootstrapServers) {
        return impatientAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The same, with the settings of {@link KafkaStack#adminConfig()} (a secured cluster's credentials). */
    public static Admin impatientAdmin(Map<String, Object> adminConfig) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(config);
    }

    /** Waits until broker {@code id} is registered (and unfenced) again, as after a restart. */
    static void awaitBroker(Map<String, Object> adminConfig, int id, Duration timeout, BooleanSupplier stillStarting,
            Supplier<String> fix) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = impatientAdmin(adminConfig)) {
            while (Instant.now().isBefore(deadline) && stillStarting.getAsBoolean()) {
                try {
                    if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == id)) {
                        return;
                    }
                    LockSupport.parkNanos(200_000_000L); // the cluster's view, asked again in 200 ms
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet (the restarted node may be the one asked)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DevStackException("interrupted while waiting for broker " + id, e);
                }
            }
        }
        throw new DevStackException("Kafka broker " + id + " did not rejoin within " + timeout.toSeconds() + " s: " + fix.get());
    }

    /**
     * Waits until every partition of {@code topics} is served by its leader's log, not only named in the metadata.
     * A topic is in the metadata a moment before its leader has the log; an idempotent producer that sends several
     * batches into that moment can lose one for good on a 4.1 broker: the first fails with NOT_LEADER_OR_FOLLOWER,
     * a later one is appended, and every retry of the first is OUT_OF_ORDER_SEQUENCE_NUMBER until
     * {@code delivery.timeout.ms} (KAFKA-15591, fixed in later brokers). A ListOffsets request needs the log: it is
     * asked again, briefly apart, until every leader answers (at most 30 s).
     */
    public static void awaitPartitionsServed(Admin admin, Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try {
            while (true) {
                try {
                    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                    admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                            .forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
                    admin.listOffsets(partitions).all().get();
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the leader is applying the new topic
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while waiting for " + topics, e);
        } catch (ExecutionException e) {
            throw new DevStackException("the partitions of " + topics + " did not come up: " + e.getCause().getMessage(), e);
        }
    }
}
