package dev.agentsociety.comparison;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.domain.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One Kafka for the whole comparison suite (started on first use, stopped when the test JVM exits); each test
 * gets topics of its own from topology/topics.yaml under a fresh prefix, so runs never see each other's events.
 */
final class SuiteKafka {

    private static KafkaStack kafka;

    private SuiteKafka() {
    }

    static synchronized KafkaStack get() {
        if (kafka == null) {
            kafka = KafkaStack.select(1).start();
        }
        return kafka;
    }

    /** How many records a topic holds (the sum of its partitions' end offsets; for topics never compacted). */
    static long recordsIn(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, get().bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot count the records in " + topic + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The spec's topics under a prefix naming the scenario and the implementation. */
    static Topics freshTopics(String scenario, String implementation) {
        Topics topics = new Topics(scenario + "-" + implementation + "-" + Long.toString(System.nanoTime(), 36) + ".");
        KafkaStack cluster = get();
        TopologyApplier.ensureSpec(cluster.bootstrapServers(), topics.prefix(), cluster.brokers());
        return topics;
    }
}
