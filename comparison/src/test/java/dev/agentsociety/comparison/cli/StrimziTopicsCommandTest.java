package dev.agentsociety.comparison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.topology.TopicSpec;
import dev.agentsociety.devstack.topology.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./topics strimzi}: deploy/k8s/kafka/topics.yaml is what the command makes from topology/topics.yaml now (the
 * spec stays the single source: change it, then run {@code ./topics strimzi --out deploy/k8s/kafka/topics.yaml}),
 * and what it makes is every topic {@code ./topics apply} creates, with the same partitions, replicas and configs.
 */
class StrimziTopicsCommandTest {

    private static final Path COMMITTED = Repo.root().resolve("deploy/k8s/kafka/topics.yaml");

    private static String strimzi(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "strimzi";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = new CommandLine(new TopicsCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(all);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void theCommittedKafkaTopicsAreWhatTheCommandGeneratesFromTheSpec() throws Exception {
        assertThat(Files.readString(COMMITTED))
                .as("deploy/k8s/kafka/topics.yaml is stale: run ./topics strimzi --out deploy/k8s/kafka/topics.yaml")
                .isEqualTo(strimzi());
    }

    @Test
    void everyTopicApplyCreatesIsAKafkaTopicWithItsPartitionsReplicasAndConfigs() throws Exception {
        Topology topology = Topology.load(Repo.root().resolve("topology/topics.yaml"), "");
        List<JsonNode> resources = documents(strimzi("--namespace", "society", "--cluster", "kafka-a"));

        assertThat(resources).hasSize(topology.topics().size());
        for (int i = 0; i < resources.size(); i++) {
            TopicSpec topic = topology.topics().get(i);
            JsonNode resource = resources.get(i);
            assertThat(resource.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(resource.path("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(resource.at("/metadata/name").asText()).isEqualTo(topic.name());
            assertThat(resource.at("/metadata/namespace").asText()).isEqualTo("society");
            assertThat(resource.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("kafka-a");
            assertThat(resource.at("/spec/partitions").isInt()).isTrue();
            assertThat(resource.at("/spec/partitions").asInt()).isEqualTo(topic.partitions());
            assertThat(resource.at("/spec/replicas").asInt()).isEqualTo(topic.replicationFactor());
            Map<String, String> config = new TreeMap<>();
            resource.at("/spec/config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            assertThat(config).as(topic.name()).isEqualTo(new TreeMap<>(topic.config()));
        }
        List<String> names = resources.stream().map(r -> r.at("/metadata/name").asText()).toList();
        assertThat(names).contains("customer-signups", "customer-signups-dlq", "ledger-snapshots")
                .doesNotContain("ledger-snapshots-dlq");
        JsonNode ledgerEvents = resources.get(names.indexOf("ledger-events"));
        assertThat(ledgerEvents.at("/spec/config/retention.ms").asText()).isEqualTo("-1");
        assertThat(ledgerEvents.at("/spec/config/min.insync.replicas").asText()).isEqualTo("2");
    }

    @Test
    void aPrefixThatIsNoResourceNameKeepsTheTopicNameInSpecTopicName(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("topics.yaml");
        assertThat(strimzi("--prefix", "Run_1.", "--out", out.toString())).contains("wrote " + out);
        JsonNode first = documents(Files.readString(out)).get(0);
        assertThat(first.at("/metadata/name").asText()).isEqualTo("run-1.customer-signups");
        assertThat(first.at("/spec/topicName").asText()).isEqualTo("Run_1.customer-signups");
    }

    private static List<JsonNode> documents(String yaml) throws Exception {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            return docs.readAll();
        }
    }
}
