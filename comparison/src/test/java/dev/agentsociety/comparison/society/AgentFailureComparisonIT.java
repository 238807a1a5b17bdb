package dev.agentsociety.comparison.society;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.RecommendationAgent;
import dev.agentsociety.domain.agents.WelcomeAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A dead loop or a dead sidecar is a failed agent that says so, and the harness names it within 5 s. Direct: a poll
 * loop that cannot go on — here its dead letter is refused by the broker (the dead-letter topic's
 * {@code max.message.bytes} lowered below the record) — ends the agent's process with status 1. Dapr: a sidecar killed with SIGKILL turns its app's {@code /actuator/health} DOWN (its {@code sidecar}
 * component); the watch sees both the dead daprd and the DOWN app.
 */
class AgentFailureComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(5);
    private static final List<String> REACTORS = List.of(WelcomeAgent.NAME, AccountAgent.NAME, RecommendationAgent.NAME);

    private final KafkaStack kafka = SuiteKafka.get();

    @Test
    void aPollLoopThatCannotGoOnEndsItsDirectAgentNonZeroAndTheWatchNamesIt() throws Exception {
        Topics topics = SuiteKafka.freshTopics("failure", Implementation.DIRECT_KAFKA.label());
        try (Implementation.Society society = Implementation.DIRECT_KAFKA.start(kafka, topics, LOGS);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            ConfigResource deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter(topics.customerSignups()));
            admin.incrementalAlterConfigs(Map.of(deadLetters, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "256"), AlterConfigOp.OpType.SET)))).all().get();

            raw.send(new ProducerRecord<>(topics.customerSignups(), "k", "x".repeat(2_000).getBytes())).get();

            await().atMost(NOTICED_WITHIN.plusSeconds(5)).untilAsserted(() -> assertThat(society.watch().reports())
                    .extracting(AgentWatch.Report::name).containsAll(REACTORS));
            for (AutoCloseable part : society.parts()) {
                if (part instanceof HostedDirectAgent agent) {
                    assertThat(agent.handle().onExit().get().isAlive()).isFalse();
                    assertThat(agent.exitCode()).as("%s's exit status", agent.agent()).isEqualTo(1);
                    assertThat(agent.logTail(400)).as("%s's log", agent.agent())
                            .contains("is DOWN and exits: " + agent.agent() + ": poll loop failed")
                            .contains("RecordTooLargeException");
                }
            }
        }
    }

    @Test
    void aKilledSidecarTurnsItsDaprAgentDownAndTheWatchNamesIt() throws Exception {
        Topics topics = SuiteKafka.freshTopics("failure", Implementation.DAPR.label());
        try (Implementation.Society society = Implementation.DAPR.start(kafka, topics, LOGS)) {
            HostedDaprAgent welcome = society.parts().stream().filter(HostedDaprAgent.class::isInstance)
                    .map(HostedDaprAgent.class::cast).filter(a -> a.appId().equals(WelcomeAgent.NAME)).findFirst().orElseThrow();
            URI health = URI.create("http://127.0.0.1:" + welcome.appPort() + AgentWatch.HEALTH_PATH);
            assertThat(get(health).statusCode()).as("UP before").isEqualTo(200);

            welcome.killSidecar();

            await().atMost(NOTICED_WITHIN).untilAsserted(() -> assertThat(society.watch().reports())
                    .extracting(AgentWatch.Report::name).contains(WelcomeAgent.NAME, WelcomeAgent.NAME + " daprd"));
            HttpResponse<String> down = get(health);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"sidecar\":{\"status\":\"DOWN\"", "sidecar unreachable");
            assertThat(society.watch().reports()).extracting(AgentWatch.Report::name)
                    .as("the others serve on").doesNotContain(AccountAgent.NAME, RecommendationAgent.NAME);
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
