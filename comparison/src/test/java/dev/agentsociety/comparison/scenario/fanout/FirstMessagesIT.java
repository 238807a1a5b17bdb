package dev.agentsociety.comparison.scenario.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.direct.kafka.TopicReader;
import dev.agentsociety.direct.signup.SignupAgent;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import io.dapr.client.DaprClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The first messages, both ways, between raw kafka-clients and Dapr — against a genuine Kafka broker and a genuine
 * daprd, asserted on content.
 */
class FirstMessagesIT {

    private static final int PARTITIONS = 6; // topology/topics.yaml: customer-signups
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();
    private final Map<String, String> brokerEnv = Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());

    @Test
    void aRawKafkaProducerReachesADaprAgentsTopicHandler() {
        Topics topics = freshTopics();
        List<CustomerSignedUp> signups = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> CustomerSignedUp.of("cust-" + i, "user" + i + "@example.com", i % 2 == 0 ? "premium" : "basic"))
                .toList();

        try (HostedDaprAgent welcome = HostedDaprAgent.start("welcome-agent",
                        topics.prefix(), Repo.components("kafka"), brokerEnv, LOGS);
                SignupAgent signupAgent = new SignupAgent(kafka.bootstrapServers(), topics);
                TopicReader emails = new TopicReader(kafka.bootstrapServers(), "it-reader", topics.welcomeEmails())) {

            signups.forEach(signupAgent::signUp);

            List<ReceivedEvent> received = readAtLeast(emails, signups.size());

            // the Dapr agent's @Topic handler got each typed signup: every field shows up in its decision
            Map<String, CustomerSignedUp> byEventId = signups.stream()
                    .collect(Collectors.toMap(CustomerSignedUp::eventId, Function.identity()));
            assertThat(received).hasSize(signups.size());
            for (ReceivedEvent event : received) {
                WelcomeEmailSent email = event.data(WelcomeEmailSent.class);
                CustomerSignedUp cause = byEventId.get(email.causationId());
                assertThat(cause).as("welcome e-mail caused by a signup we sent: %s", email).isNotNull();
                assertThat(email.customerId()).isEqualTo(cause.customerId());
                assertThat(email.email()).isEqualTo(cause.email());
                assertThat(email.subject()).isEqualTo(cause.plan().equals("premium") ? "Welcome to Premium" : "Welcome aboard");
                assertThat(event.key()).isEqualTo(cause.customerId());
                assertThat(event.envelope().id()).isEqualTo(email.eventId());
                assertThat(event.envelope().type()).isEqualTo("agentsociety.WelcomeEmailSent.v1");
                assertThat(event.envelope().source()).isEqualTo("welcome-agent");
            }
            assertThat(received).extracting(e -> e.data(WelcomeEmailSent.class).causationId())
                    .containsExactlyInAnyOrderElementsOf(byEventId.keySet());
        }
    }

    @Test
    void daprPublishEventReachesARawKafkaConsumerKeyedAndInOrder() throws Exception {
        Topics topics = freshTopics();
        List<CustomerSignedUp> published = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            for (int customer = 1; customer <= 4; customer++) {
                published.add(CustomerSignedUp.of("cust-" + customer, "round" + round + "@example.com", "basic"));
            }
        }

        try (DaprSidecar sidecar = new DaprSidecar("signup-agent", null, Repo.components("kafka"), brokerEnv, LOGS).start();
                DaprClient client = HostedDaprAgent.publisherClient(sidecar);
                TopicReader signups = new TopicReader(kafka.bootstrapServers(), "it-reader", topics.customerSignups())) {

            DaprEventPublisher publisher = new DaprEventPublisher(client, "pubsub");
            published.forEach(signup -> publisher.publish(topics.customerSignups(), signup));

            List<ReceivedEvent> received = readAtLeast(signups, published.size());

            // the same typed events, field for field, with Dapr's CloudEvent envelope unwrapped
            assertThat(received).extracting(e -> e.data(CustomerSignedUp.class))
                    .containsExactlyInAnyOrderElementsOf(published);
            for (ReceivedEvent event : received) {
                CustomerSignedUp signup = event.data(CustomerSignedUp.class);
                assertThat(event.key()).as("partitionKey becomes the record key").isEqualTo(signup.customerId());
                assertThat(event.envelope().id()).isEqualTo(signup.eventId());
                assertThat(event.envelope().type()).isEqualTo("agentsociety.CustomerSignedUp.v1");
                assertThat(event.envelope().source()).isEqualTo("signup-agent");
                // Dapr's Kafka component (sarama) picks the partition with an FNV-1a hash of the key,
                // not the murmur2 hash of Java's default partitioner: see docs/architecture.md
                assertThat(event.partition()).isEqualTo(saramaPartition(signup.customerId(), PARTITIONS));
            }
            Map<String, List<ReceivedEvent>> byKey = received.stream()
                    .collect(Collectors.groupingBy(ReceivedEvent::key));
            assertThat(byKey).hasSize(4);
            byKey.forEach((key, events) -> {
                assertThat(events).extracting(ReceivedEvent::partition).as("one partition per key").containsOnly(events.get(0).partition());
                List<String> publishOrder = published.stream().filter(s -> s.customerId().equals(key)).map(CustomerSignedUp::eventId).toList();
                assertThat(events).extracting(e -> e.envelope().id()).as("per-key order").containsExactlyElementsOf(publishOrder);
            });
        }
    }

    /** sarama's default HashPartitioner: FNV-1a (32 bit) of the key, as a signed int, modulo, made positive. */
    static int saramaPartition(String key, int partitions) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        int partition = hash % partitions;
        return partition < 0 ? -partition : partition;
    }

    /** The topics of topology/topics.yaml under a fresh prefix. */
    private static Topics freshTopics() {
        return SuiteKafka.freshTopics("first", "both");
    }

    private static List<ReceivedEvent> readAtLeast(TopicReader reader, int count) {
        List<ReceivedEvent> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            received.addAll(reader.poll(Duration.ofMillis(200)));
            return received.size() >= count;
        });
        // anything extra (a duplicate) would arrive with the next poll: look once more before counting
        received.addAll(reader.poll(Duration.ofMillis(500)));
        return received;
    }
}
