package dev.agentsociety.comparison.society;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprMultiAppRun;
import dev.agentsociety.devstack.dapr.DaprRunTemplate;
import dev.agentsociety.devstack.dapr.DaprScheduler;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.broker.RedisServer;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dapr.yaml} is a real multi-app run template: the genuine dapr CLI starts every agent with its sidecar
 * ({@code dapr run -f .}), {@code dapr publish} sends a signup, the agents' effect is read back, and
 * {@code dapr stop -f .} ends it all. Swapping the broker is swapping the components folder: the same test runs
 * against Kafka (dapr.yaml as it is) and Redis Streams (the copy {@code tools/dapr-run-for.sh redis} writes).
 *
 * <p>Tagged so it can run alone: {@code ./mvnw verify -pl comparison -am -Dgroups=dapr-cli}.
 */
@Tag("dapr-cli")
class DaprRunTemplateIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LOGS = Path.of("target", "it-logs").toAbsolutePath();

    @ParameterizedTest(name = "dapr run -f with components/{0}")
    @ValueSource(strings = {"kafka", "redis"})
    void daprRunStartsTheSocietyAndEverySignupIsWelcomed(String broker) throws Exception {
        Path repo = Repo.root();
        DaprRunTemplate declared = DaprRunTemplate.load(repo);
        declared.requirePortsFree();
        Path templateDir = DaprRunTemplate.forBroker(repo, broker); // tools/dapr-run-for.sh, as the docs say
        Topics topics = new Topics("cli-" + UUID.randomUUID().toString().substring(0, 8) + ".");

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            resources.add(new DaprScheduler(declared.schedulerPort(), LOGS.resolve("scheduler-" + broker)).start());
            Map<String, String> env = new HashMap<>(startBroker(broker, topics, resources));
            env.put("AGENT_TOPICPREFIX", topics.prefix()); // Spring's relaxed binding: agent.topic-prefix
            DaprMultiAppRun run = DaprMultiAppRun.start(templateDir, env, LOGS.resolve("dapr-run-" + broker));
            resources.add(0, run);

            assertThat(run.awaitHealthy(declared.appPorts().keySet(), Duration.ofSeconds(240)))
                    .containsOnlyKeys("signup-agent", "welcome-agent", "account-agent", "recommendation-agent",
                            "risk-agent", "audit-agent", "ledger-agent");

            // 1. dapr publish, through signup-agent's sidecar, as an operator would; the metadata makes the
            //    CloudEvent carry the event's own id and type, as DaprEventPublisher does
            CustomerSignedUp published = CustomerSignedUp.of("cust-cli-1", "cli@example.com", "premium");
            run.publish("signup-agent", topics.customerSignups(), new String(EventJson.toBytes(published)),
                    Map.of("partitionKey", published.customerId(), "cloudevent.id", published.eventId(),
                            "cloudevent.type", published.type()));

            // 2. signup-agent's own endpoint, which publishes with DaprClient
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + declared.appPort("signup-agent") + "/signups"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"cust-cli-2\",\"email\":\"two@example.com\",\"plan\":\"basic\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String secondSignupId = EventJson.mapper().readTree(accepted.body()).get("eventId").asText();

            // the effect: welcome-agent sent one welcome e-mail per signup, and audit-agent saw both hops
            URI audit = URI.create("http://127.0.0.1:" + declared.appPort("audit-agent") + "/audit");
            await().atMost(Duration.ofSeconds(60)).until(() -> welcomeEmailKeys(audit).size() >= 2);
            JsonNode trail = auditTrail(audit);
            assertThat(welcomeEmailKeys(audit)).containsExactlyInAnyOrder("cust-cli-1", "cust-cli-2");
            assertThat(entries(trail, topics.customerSignups())).extracting(e -> e.get("key").asText())
                    .containsExactlyInAnyOrder("cust-cli-1", "cust-cli-2");
            assertThat(entries(trail, topics.customerSignups())).extracting(e -> e.get("eventId").asText())
                    .contains(published.eventId(), secondSignupId);

            // a sidecar lost under dapr run: the watch ./demo runs names it, and its app turns DOWN, within 5 s
            try (AgentWatch watch = AgentWatch.forDaprRun(run.process().handle(), declared.appPorts())) {
                assertThat(watch.names()).as("every app and daprd of the template watched").hasSize(2 * declared.appPorts().size());
                ProcessHandle auditSidecar = run.process().handle().descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("--app-id audit-agent ")).findFirst().orElseThrow();
                auditSidecar.destroyForcibly();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(watch.reports())
                        .extracting(AgentWatch.Report::name).containsExactlyInAnyOrder("audit-agent daprd", "audit-agent"));
            }

            // dapr stop -f: every app and sidecar of the template ends
            run.close();
            assertThat(run.process().isAlive()).as("dapr run ends after dapr stop").isFalse();
            assertThat(ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").matches(".*--app-id [a-z]+-agent .*")))
                    .as("no sidecar left").isEmpty();
        } finally {
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    private static Map<String, String> startBroker(String broker, Topics topics, List<AutoCloseable> resources)
            throws Exception {
        if (broker.equals("redis")) {
            RedisServer redis = new RedisServer(LOGS).start();
            resources.add(redis);
            return Map.of("REDIS_HOST", redis.hostAndPort());
        }
        KafkaStack kafka = KafkaStack.select(1).start();
        resources.add(kafka);
        TopologyApplier.ensureSpec(kafka.bootstrapServers(), topics.prefix(), kafka.brokers());
        return Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
    }

    private static JsonNode auditTrail(URI audit) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(audit).build(), HttpResponse.BodyHandlers.ofString());
        return EventJson.mapper().readTree(response.body());
    }

    private static List<JsonNode> entries(JsonNode trail, String topic) {
        List<JsonNode> matching = new ArrayList<>();
        trail.forEach(entry -> {
            if (entry.path("topic").asText().equals(topic)) {
                matching.add(entry);
            }
        });
        return matching;
    }

    private static List<String> welcomeEmailKeys(URI audit) throws Exception {
        return auditTrail(audit).findParents("type").stream()
                .filter(e -> e.get("type").asText().equals("agentsociety.WelcomeEmailSent.v1"))
                .map(e -> e.get("key").asText())
                .toList();
    }
}
