package dev.agentsociety.comparison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.kafka.KafkaSecurity;
import dev.agentsociety.devstack.kafka.KafkaStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./topics apply|verify} — the topology command — against the suite's live cluster. */
class TopicsCommandIT {

    private final KafkaStack kafka = SuiteKafka.get();

    record Run(int exitCode, String out, String err) {
    }

    private static Run topics(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TopicsCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void applyCreatesTheSpecOnceAndVerifyNamesEveryDrift() throws Exception {
        String prefix = "cli-" + Long.toString(System.nanoTime(), 36) + ".";
        String servers = kafka.bootstrapServers();

        Run first = topics("apply", "--bootstrap-servers", servers, "--prefix", prefix, "--fit-to-cluster");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("created " + prefix + "ledger-commands", "created " + prefix + "ledger-commands-dlq");
        if (kafka.brokers() < 3) {
            assertThat(first.out()).contains("fitted: " + prefix + "customer-signups: replication factor 3 -> " + kafka.brokers());
        }

        Run again = topics("apply", "--bootstrap-servers", servers, "--prefix", prefix, "--fit-to-cluster");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("nothing to do").doesNotContain("created");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            ConfigResource ledgerEvents = new ConfigResource(ConfigResource.Type.TOPIC, prefix + "ledger-events");
            admin.incrementalAlterConfigs(Map.of(ledgerEvents,
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
            // someone changed it by hand; the broker shows the change once its metadata has it
            await().atMost(Duration.ofSeconds(10)).until(() -> "3600000".equals(admin.describeConfigs(List.of(ledgerEvents))
                    .all().get().get(ledgerEvents).get("retention.ms").value()));
        }
        Run drifted = topics("verify", "--bootstrap-servers", servers, "--prefix", prefix, "--fit-to-cluster");
        assertThat(drifted.exitCode()).isEqualTo(1);
        assertThat(drifted.out()).contains("drift: " + prefix + "ledger-events: retention.ms is 3600000, the specification says -1")
                .contains("1 drift(s)");

        Run repaired = topics("apply", "--bootstrap-servers", servers, "--prefix", prefix, "--fit-to-cluster");
        assertThat(repaired.out()).contains("set " + prefix + "ledger-events retention.ms=-1");
        assertThat(topics("verify", "--bootstrap-servers", servers, "--prefix", prefix, "--fit-to-cluster").exitCode()).isZero();
    }

    @Test
    void aSpecTheClusterCannotHoldFailsWithTheWayOut(@TempDir Path dir) throws Exception {
        int tooMany = kafka.brokers() + 1;
        Path spec = Files.writeString(dir.resolve("topics.yaml"),
                "defaults: {partitions: 1, replicationFactor: " + tooMany + "}\ntopics:\n  orders: {}\n");

        Run strict = topics("apply", "--bootstrap-servers", kafka.bootstrapServers(), "--prefix", "strict-cli.",
                "--spec", spec.toString());

        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).contains("replication factor " + tooMany, "the cluster has " + kafka.brokers() + " broker(s)",
                "--fit-to-cluster");
        assertThat(topics("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--prefix", "strict-cli.",
                "--spec", spec.toString()).out()).contains("drift: strict-cli.orders: existence is missing");
    }

    @Test
    void badInputGetsUsageOrOneClearLine() {
        Run badFlag = topics("apply", "--partitions", "7");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.err()).contains("Unknown options: '--partitions', '7'", "Usage: topics");

        Run badAction = topics("delete");
        assertThat(badAction.exitCode()).isEqualTo(2);
        assertThat(badAction.err()).contains("apply, verify");

        String nobody = "127.0.0.1:" + Ports.free();
        Run unreachable = topics("verify", "--bootstrap-servers", nobody);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("topics: " + nobody + ": the Kafka admin call failed").doesNotContain("\tat ");
    }

    @Test
    void onASecuredClusterApplyGrantsTheAclsAndVerifyNamesAnAclTakenAway() throws Exception {
        try (EmbeddedKafkaCluster secured = EmbeddedKafkaCluster.withBrokers(1).secured().start();
                Admin admin = Admin.create(secured.adminConfig())) {
            String servers = secured.bootstrapServers();
            String admins = secured.security().clientPropertiesFile(KafkaSecurity.ADMIN).toString();

            Run first = topics("apply", "--bootstrap-servers", servers, "--command-config", admins, "--fit-to-cluster");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("granted User:welcome-agent ALLOW READ topic customer-signups",
                    "granted User:account-agent ALLOW READ group account-agent-replies-*").doesNotContain("no ACLs applied");

            admin.deleteAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "welcome-emails", PatternType.LITERAL),
                    new AccessControlEntry("User:welcome-agent", "*", AclOperation.WRITE, AclPermissionType.ALLOW)).toFilter())).all().get();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Run drift = topics("verify", "--bootstrap-servers", servers, "--command-config", admins, "--fit-to-cluster");
                assertThat(drift.exitCode()).isEqualTo(1);
                assertThat(drift.out()).contains("drift: welcome-emails: ACL User:welcome-agent ALLOW WRITE topic welcome-emails is missing, "
                        + "the specification says granted", "1 drift(s)");
            });
            assertThat(topics("apply", "--bootstrap-servers", servers, "--command-config", admins, "--fit-to-cluster").out())
                    .contains("granted User:welcome-agent ALLOW WRITE topic welcome-emails");
        }
    }
}
