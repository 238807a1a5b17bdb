package dev.agentsociety.devstack.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.topology.TopologyApplier.Changes;
import dev.agentsociety.devstack.topology.TopologyApplier.Drift;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** topology/topics.yaml held against a live one-broker cluster. */
class TopologyIT {

    private static final Path SPEC = Repo.root().resolve("topology/topics.yaml");

    private static EmbeddedKafkaCluster kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.withBrokers(1).start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theSpecNamesEveryContractTopicWithItsDeadLetterTopic() {
        Topology topology = Topology.load(SPEC, "");

        assertThat(topology.topics()).extracting(TopicSpec::name).containsExactly(
                "customer-signups", "customer-signups-dlq", "welcome-emails", "welcome-emails-dlq",
                "accounts", "accounts-dlq", "recommendations", "recommendations-dlq",
                "credit-requests", "credit-requests-dlq", "credit-replies", "credit-replies-dlq",
                "ledger-commands", "ledger-commands-dlq", "ledger-events", "ledger-events-dlq",
                "payment-requested", "payment-requested-dlq", "ledger-snapshots",
                "customer-activity", "customer-activity-dlq", "peer-notes", "peer-notes-dlq");
        assertThat(topology.topic("ledger-commands").partitions()).isEqualTo(6);
        assertThat(topology.topic("ledger-events").config()).containsEntry("retention.ms", "-1")
                .containsEntry("min.insync.replicas", "2");
        assertThat(topology.topic("ledger-events-dlq").partitions()).isEqualTo(1);
        assertThat(topology.topic("ledger-snapshots").config()).containsEntry("cleanup.policy", "compact");
        assertThat(topology.topic("customer-signups").replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void replicationThreeOnOneBrokerFailsNamingTheWayOut() {
        Topology topology = Topology.load(SPEC, "strict.");

        assertThatThrownBy(() -> new TopologyApplier(admin).apply(topology))
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("replication factor 3 for 23 topic(s)")
                .hasMessageContaining("the cluster has 1 broker(s)")
                .hasMessageContaining("--fit-to-cluster");
        assertThat(new TopologyApplier(admin).verify(topology)).extracting(Drift::what).containsOnly("existence");
    }

    @Test
    void applyIsIdempotentAndVerifyReportsExactlyTheDrift() throws Exception {
        List<String> notes = new ArrayList<>();
        Topology topology = Topology.load(SPEC, "fit.").fitTo(1, notes);
        assertThat(notes).hasSize(23).allSatisfy(n -> assertThat(n).contains("replication factor 3 -> 1"));
        TopologyApplier applier = new TopologyApplier(admin);

        Changes first = applier.apply(topology);
        assertThat(first.created()).hasSize(23);
        assertThat(first.authorizer()).as("a plaintext cluster: no authorizer, no ACLs").isFalse();
        assertThat(first.aclsCreated()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(applier.verify(topology)).isEmpty());
        assertThat(applier.apply(topology).none()).as("a second apply changes nothing").isTrue();

        // someone changes the cluster by hand
        var signups = new ConfigResource(ConfigResource.Type.TOPIC, "fit.customer-signups");
        admin.incrementalAlterConfigs(Map.of(signups, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
        admin.createPartitions(Map.of("fit.welcome-emails", NewPartitions.increaseTo(8))).all().get();

        // (the broker applies metadata changes asynchronously: wait until it reports them)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(applier.verify(topology))
                .containsExactlyInAnyOrder(
                        new Drift("fit.customer-signups", "retention.ms", "604800000", "3600000"),
                        new Drift("fit.welcome-emails", "partitions", "6", "8")));

        Changes repair = applier.apply(topology);
        assertThat(repair.configsSet()).containsExactly("fit.customer-signups retention.ms=604800000");
        // Kafka cannot take partitions away: that drift stays, reported
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(applier.verify(topology))
                .containsExactly(new Drift("fit.welcome-emails", "partitions", "6", "8")));
    }
}
