package dev.agentsociety.comparison.society;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daprd panic of the tombstone finding, reduced to one call: publishing a structured CloudEvent
 * ({@code application/cloudevents+json}) whose body is JSON {@code null}. daprd 1.16.5's gRPC PublishEvent hands the
 * bytes to components-contrib's {@code pubsub.FromCloudEvent}, which unmarshals {@code null} into a nil map without
 * error and then assigns {@code m["time"]} — {@code panic: assignment to entry in nil map} (envelope.go:141) ends the
 * process. The agents used to reach it by forwarding a tombstone's delivery (daprd hands a null value to the app as
 * the body {@code null}) to the dead letters; they now forward dead letters as raw payloads
 * ({@code DaprEventPublisher.forward}), which this test shows daprd survives.
 *
 * <p>Upstream fix: in {@code FromCloudEvent}, after unmarshalling, return an error when the map is nil ("a
 * CloudEvent must be a JSON object"), as {@code json.Unmarshal} does for any other non-object.
 */
class DaprSidecarPanicIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @Test
    void aNullCloudEventEndsDaprdButTheAgentsRawDeadLettersDoNot() throws Exception {
        Topics topics = SuiteKafka.freshTopics("panic", Implementation.DAPR.label());
        String deadLetters = Topics.deadLetter(topics.customerSignups());
        try (DaprSidecar sidecar = new DaprSidecar("panic-probe", null, Repo.components("kafka"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), LOGS).start();
                DaprClient client = DaprTransport.clientBuilder(new AgentProperties.Sidecar("127.0.0.1", sidecar.httpPort(),
                        sidecar.grpcPort())).build()) {
            DaprEventPublisher publisher = new DaprEventPublisher(client, "pubsub");

            // what the agents do now: the record's bytes as a raw payload, whatever they are
            for (byte[] value : new byte[][] {"null".getBytes(StandardCharsets.UTF_8), new byte[0], {(byte) 0xff, 0}}) {
                publisher.forward(deadLetters, value, Map.of("dlq.reason", "test"));
            }
            assertThat(sidecar.process().isAlive()).as("daprd after raw dead letters").isTrue();

            Gaps.expect(Implementation.DAPR, CapabilityGap.DAPR_SIDECAR_PANICS_ON_A_NULL_CLOUDEVENT, () -> {
                try {
                    client.publishEvent(new PublishEventRequest("pubsub", deadLetters, "null".getBytes(StandardCharsets.UTF_8))
                            .setContentType("application/cloudevents+json")).block(Duration.ofSeconds(10));
                } catch (RuntimeException refusedOrCutOff) {
                    // a daprd that refuses the request is fine; one that died is not (below)
                }
                assertThatCode(() -> publisher.forward(deadLetters, new byte[] {'{', '}'}, Map.of()))
                        .as("daprd still serves after a null CloudEvent").doesNotThrowAnyException();
            });
            sidecar.process().awaitExit(Duration.ofSeconds(10));
            assertThat(sidecar.process().isAlive()).isFalse();
            assertThat(sidecar.process().tail(200)).contains("panic: assignment to entry in nil map");
        }
    }

    /**
     * On JetStream the same panic takes a raw payload too: the component reads every published payload as a
     * CloudEvent for its message id ({@code BrokerGap.JETSTREAM_NULL_KILLS_DAPRD}). The agents' dead letters go
     * without such a value ({@code dlq.value-dropped}), so their sidecar lives; a raw {@code null} published by
     * anything else ends daprd.
     */
    @Test
    void onJetStreamARawNullEndsDaprdButTheAgentsDeadLettersDoNot() throws Exception {
        Topics topics = SuiteKafka.freshTopics("panic-js", Implementation.DAPR.label());
        String deadLetters = Topics.deadLetter(topics.customerSignups());
        try (PubSubBroker nats = PubSubBroker.start("jetstream", LOGS.resolve("panic-jetstream"), null)) {
            nats.prepare(List.of(deadLetters));
            try (DaprSidecar sidecar = new DaprSidecar("panic-probe-js", null, nats.components(), nats.daprEnv(), LOGS).start();
                    DaprClient client = DaprTransport.clientBuilder(new AgentProperties.Sidecar("127.0.0.1", sidecar.httpPort(),
                            sidecar.grpcPort())).build()) {
                DaprEventPublisher publisher = new DaprEventPublisher(client, "pubsub");
                for (String value : List.of("null", " \n null", "nullx")) {
                    publisher.forward(deadLetters, value.getBytes(StandardCharsets.UTF_8), Map.of("dlq.reason", "test"));
                }
                assertThat(sidecar.process().isAlive()).as("daprd after the agents' dead letters").isTrue();

                try {
                    client.publishEvent(new PublishEventRequest("pubsub", deadLetters, "null".getBytes(StandardCharsets.UTF_8))
                            .setContentType("application/octet-stream").setMetadata(Map.of("rawPayload", "true")))
                            .block(Duration.ofSeconds(10));
                } catch (RuntimeException cutOff) {
                    // the call dies with the process (below)
                }
                sidecar.process().awaitExit(Duration.ofSeconds(10));
                assertThat(sidecar.process().isAlive()).isFalse();
                assertThat(sidecar.process().tail(200)).contains("panic: assignment to entry in nil map",
                        "components-contrib@v1.16.5/pubsub/jetstream/jetstream.go");
            }
        }
    }
}
