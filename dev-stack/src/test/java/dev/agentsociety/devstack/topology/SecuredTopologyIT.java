package dev.agentsociety.devstack.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.topology.TopologyApplier.Changes;
import dev.agentsociety.devstack.topology.TopologyApplier.Drift;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The topology's ACLs on a secured cluster ({@link EmbeddedKafkaCluster#secured()}): apply grants exactly what the
 * spec says each agent produces, consumes and joins, and is idempotent; verify reports an ACL added or removed by hand;
 * apply repairs it and leaves principals outside the spec alone. And the Dapr component's scopes are the same grants.
 */
class SecuredTopologyIT {

    private static final Path SPEC = Repo.root().resolve("topology/topics.yaml");

    private static EmbeddedKafkaCluster kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.withBrokers(1).secured().start();
        admin = Admin.create(kafka.adminConfig());
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
    void applyGrantsExactlyTheSpecAndVerifyReportsAclDrift() throws Exception {
        Topology topology = Topology.load(SPEC, "acl.").fitTo(1, new ArrayList<>());
        TopologyApplier applier = new TopologyApplier(admin);

        Changes first = applier.apply(topology);
        assertThat(first.authorizer()).isTrue();
        assertThat(first.aclsCreated()).hasSize(TopologyAcls.of(topology).size());
        // welcome-agent, read off the spec by hand: it reads signups in its own group, writes welcome e-mails, and
        // dead-letters the signups it cannot take
        assertThat(granted("User:welcome-agent")).containsExactlyInAnyOrder(
                "ALLOW READ topic acl.customer-signups", "ALLOW DESCRIBE topic acl.customer-signups",
                "ALLOW WRITE topic acl.customer-signups-dlq", "ALLOW DESCRIBE topic acl.customer-signups-dlq",
                "ALLOW WRITE topic acl.welcome-emails", "ALLOW DESCRIBE topic acl.welcome-emails",
                "ALLOW READ group welcome-agent");
        assertThat(granted("User:ledger-agent-es")).contains("ALLOW WRITE transactional_id ledger-agent-es-*",
                "ALLOW READ topic acl.payment-requested").doesNotContain("ALLOW READ group ledger-agent-*");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(applier.verify(topology)).isEmpty());
        assertThat(applier.apply(topology).none()).as("a second apply changes nothing").isTrue();

        // by hand: welcome-agent given ledger-events, signup-agent's write taken away, an operator's ACL added
        AclBinding extra = acl("welcome-agent", ResourceType.TOPIC, "acl.ledger-events", AclOperation.READ);
        AclBinding removed = acl("signup-agent", ResourceType.TOPIC, "acl.customer-signups", AclOperation.WRITE);
        AclBinding operator = acl("operator", ResourceType.TOPIC, "acl.ledger-events", AclOperation.READ);
        admin.createAcls(List.of(extra, operator)).all().get();
        admin.deleteAcls(List.of(removed.toFilter())).all().get();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(applier.verify(topology)).containsExactlyInAnyOrder(
                new Drift("acl.ledger-events", "ACL User:welcome-agent ALLOW READ topic acl.ledger-events", "not granted", "present"),
                new Drift("acl.customer-signups", "ACL User:signup-agent ALLOW WRITE topic acl.customer-signups", "granted", "missing")));

        Changes repair = applier.apply(topology);
        assertThat(repair.aclsCreated()).containsExactly("User:signup-agent ALLOW WRITE topic acl.customer-signups");
        assertThat(repair.aclsDeleted()).containsExactly("User:welcome-agent ALLOW READ topic acl.ledger-events");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(applier.verify(topology)).isEmpty());
        assertThat(granted("User:operator")).as("a principal outside the spec is left alone")
                .containsExactly("ALLOW READ topic acl.ledger-events");
    }

    @Test
    void theDaprComponentsScopesAreTheSpecsGrants() {
        Topology topology = Topology.load(SPEC, "");
        DaprScopes committed = DaprScopes.in(Repo.components("kafka-secure").resolve("pubsub.yaml"));

        assertThat(committed).as("components/kafka-secure/pubsub.yaml, generated from topology/topics.yaml")
                .isEqualTo(DaprScopes.of(topology));
        assertThat(List.of(committed.metadata().get("publishingScopes").split(";")))
                .contains("welcome-agent=customer-signups-dlq,welcome-emails", "signup-agent=customer-signups");
        assertThat(List.of(committed.metadata().get("subscriptionScopes").split(";")))
                .contains("welcome-agent=customer-signups", "signup-agent=");
        assertThat(committed.apps()).contains("welcome-agent", "signup-agent", "ledger-agent");
    }

    private static Set<String> granted(String principal) throws Exception {
        return admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                .filter(acl -> acl.entry().principal().equals(principal))
                .map(acl -> TopologyApplier.describe(acl).substring(principal.length() + 1))
                .collect(Collectors.toSet());
    }

    private static AclBinding acl(String agent, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + agent, "*", operation, AclPermissionType.ALLOW));
    }
}
