package dev.agentsociety.comparison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.StackVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it honest: same Kafka version as the
 * embedded brokers, three KRaft nodes with the replication settings of the three-broker dev stack, and host
 * listeners at exactly the addresses components/kafka tells docker-compose users to export.
 */
class DockerComposeConsistencyTest {

    @SuppressWarnings("unchecked")
    private final Map<String, Object> compose = load("docker-compose.yml");
    @SuppressWarnings("unchecked")
    private final Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

    @Test
    void everyBrokerRunsTheKafkaVersionThePomPins() {
        assertThat(kafkaServices()).hasSize(3).allSatisfy(service ->
                assertThat(service.get("image")).isEqualTo("apache/kafka:" + StackVersions.kafka()));
    }

    @Test
    void theQuorumHasThreeCombinedNodesWithReplicationThreeAndMinIsrTwoAndNoTopicAutoCreation() {
        List<String> nodeIds = new ArrayList<>();
        for (Map<String, Object> service : kafkaServices()) {
            Map<String, Object> env = env(service);
            nodeIds.add(String.valueOf(env.get("KAFKA_NODE_ID")));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR")).isEqualTo(3);
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo(2);
            assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo(3);
            assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).isEqualTo(2);
            assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("topics only from the spec").isEqualTo("false");
        }
        assertThat(nodeIds).containsExactly("1", "2", "3");
    }

    @Test
    void hostListenersAreTheAddressesTheKafkaComponentDocuments() throws Exception {
        List<String> advertisedToHost = new ArrayList<>();
        for (Map<String, Object> service : kafkaServices()) {
            String advertised = (String) env(service).get("KAFKA_ADVERTISED_LISTENERS");
            Matcher external = Pattern.compile("EXTERNAL://([^,]+)").matcher(advertised);
            assertThat(external.find()).as(advertised).isTrue();
            advertisedToHost.add(external.group(1));
            String port = external.group(1).substring(external.group(1).indexOf(':') + 1);
            assertThat((List<String>) service.get("ports")).contains(port + ":" + port);
        }
        String component = Files.readString(Repo.components("kafka").resolve("pubsub.yaml"));
        Matcher documented = Pattern.compile("KAFKA_BOOTSTRAP_SERVERS=(\\S+)").matcher(component);
        assertThat(documented.find()).as("components/kafka/pubsub.yaml names the docker-compose address").isTrue();
        assertThat(String.join(",", advertisedToHost)).isEqualTo(documented.group(1));
        assertThat(Files.readString(Repo.root().resolve("docs/getting-started.md"))).contains(documented.group(1));
    }

    @Test
    void theComponentsProtocolVersionIsNoNewerThanTheBroker() throws Exception {
        String component = Files.readString(Repo.components("kafka").resolve("pubsub.yaml"));
        Matcher version = Pattern.compile("- name: version\\s+value: \"([0-9.]+)\"").matcher(component);
        assertThat(version.find()).isTrue();
        assertThat(compareVersions(version.group(1), StackVersions.kafka())).isLessThanOrEqualTo(0);
        assertThat(component).contains("name: KAFKA_BOOTSTRAP_SERVERS");
    }

    private List<Map<String, Object>> kafkaServices() {
        return services.entrySet().stream().filter(e -> e.getKey().startsWith("kafka-")).map(Map.Entry::getValue).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int diff = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (diff != 0) {
                return diff;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) {
        try {
            return new Yaml().load(Files.readString(Repo.root().resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
