package dev.agentsociety.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Genuine brokers from the Maven jars: they start, take writes, replicate, and leave nothing behind. */
class EmbeddedKafkaClusterIT {

    @TempDir
    Path dataDir;

    @Test
    void oneBrokerTakesAWriteAndGivesItBack() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.withBrokers(1, dataDir.resolve("one")).start()) {
            String servers = kafka.bootstrapServers();
            assertThat(servers).matches("127\\.0\\.0\\.1:\\d+");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                admin.createTopics(List.of(new NewTopic("smoke", 1, (short) 1))).all().get(); // no auto-creation here
            }

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("smoke", "k1", "hello")).get();
                producer.send(new ProducerRecord<>("smoke", "k2", "world")).get();
            }

            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    ConsumerConfig.GROUP_ID_CONFIG, "smoke-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of("smoke"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.key() + "=" + r.value());
                    }
                    return seen.size() >= 2;
                });
            }
            assertThat(seen).containsExactly("k1=hello", "k2=world");
        }
        assertThat(Files.exists(dataDir.resolve("one"))).as("data removed on close").isFalse();
    }

    @Test
    void threeBrokersReplicateThreeWaysWithMinIsrTwo() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.withBrokers(3, dataDir.resolve("three")).start()) {
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
            for (int id = 1; id <= 3; id++) {
                pids.add(kafka.broker(id).pid());
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
                admin.createTopics(List.of(new NewTopic("replicated", 3, (short) -1))).all().get();
                TopicDescription topic = admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
                assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                // A created topic reaches each broker's metadata on its own time: the broker asked for the
                // topic's configs may not host it yet (UnknownTopicOrPartition), so ask until one does.
                var resource = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
                Config config = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> admin.describeConfigs(Set.of(resource)).all().get().get(resource), c -> true);
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            }
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(
                Optional.of(true)));
    }
}
