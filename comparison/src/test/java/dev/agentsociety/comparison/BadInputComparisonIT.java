package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.ReceivedEvent;
import dev.agentsociety.direct.TopicReader;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input, in both implementations: between valid signups, a payload that is not JSON, an unknown event type,
 * a signup without customerId and one of a newer schema. Every agent sends each bad event to
 * {@code customer-signups-dlq} — with the reason, where the implementation can give one — and goes on: every
 * valid signup is still answered exactly once.
 *
 * <p>Documented gap ({@link CapabilityGap#DAPR_NON_JSON_DEAD_LETTER_HAS_NO_REASON}): a payload that is not JSON
 * never reaches a Dapr app; daprd dead-letters it itself and puts no reason on the message (its log has it). The
 * direct variant adds the reason header for that case too.
 */
class BadInputComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final int AGENTS = 3;

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void badEventsGoToTheDeadLetterTopicAndNothingValidIsLost(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("bad", implementation.label());
        List<CustomerSignedUp> valid = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> CustomerSignedUp.of("cust-" + i, "c" + i + "@example.com", "basic")).toList();
        Map<String, String> badCloudEvents = Map.of(
                "bad-type", cloudEvent("bad-type", "agentsociety.Nonsense.v1", "{\"x\":1}"),
                "bad-missing", cloudEvent("bad-missing", "agentsociety.CustomerSignedUp.v1",
                        "{\"eventId\":\"bad-missing\",\"email\":\"x@example.com\",\"plan\":\"basic\",\"occurredAt\":\"2026-11-27T10:00:00Z\",\"schemaVersion\":1}"),
                "bad-version", cloudEvent("bad-version", "agentsociety.CustomerSignedUp.v2",
                        "{\"eventId\":\"bad-version\",\"customerId\":\"c-9\",\"email\":\"x@example.com\",\"plan\":\"basic\",\"occurredAt\":\"2026-11-27T10:00:00Z\",\"schemaVersion\":2}"));
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);

        try (Implementation.Society society = implementation.start(kafka, topics, LOGS);
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                TopicReader welcomes = new TopicReader(kafka.bootstrapServers(), "observer-welcome", topics.welcomeEmails());
                KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                        "group.id", "observer-dlq", "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            valid.subList(0, 3).forEach(society::signUp);
            raw.send(new ProducerRecord<>(topics.customerSignups(), "bad-json", notJson)).get();
            for (var bad : badCloudEvents.entrySet()) {
                raw.send(new ProducerRecord<>(topics.customerSignups(), bad.getKey(), bad.getValue().getBytes(StandardCharsets.UTF_8))).get();
            }
            valid.subList(3, 6).forEach(society::signUp);

            dlq.subscribe(List.of(Topics.deadLetter(topics.customerSignups())));
            List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
            List<ReceivedEvent> welcomed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                dlq.poll(Duration.ofMillis(100)).forEach(letters::add);
                welcomed.addAll(welcomes.poll(Duration.ofMillis(100)));
                return letters.size() >= 4 * AGENTS && welcomed.size() >= valid.size();
            });
            dlq.poll(Duration.ofMillis(500)).forEach(letters::add);
            welcomed.addAll(welcomes.poll(Duration.ofMillis(500)));

            Map<String, List<String>> sentByCustomer = new LinkedHashMap<>();
            valid.forEach(s -> sentByCustomer.put(s.customerId(), List.of(s.eventId())));
            ScenarioResult result = new ScenarioResult("bad-input", implementation.label(), "kafka")
                    .tally(DeliveryTally.of(sentByCustomer, welcomed.stream().map(e -> e.data(WelcomeEmailSent.class))
                            .map(w -> new DeliveryTally.Effect(w.customerId(), w.causationId())).toList()));
            result.details().put("badEventsSent", 1 + badCloudEvents.size()).put("deadLetters", letters.size())
                    .put("agents", AGENTS);
            result.write(ScenarioResult.SUITE_RESULTS);

            // nothing valid lost, nothing answered twice
            assertThat(welcomed).extracting(e -> e.data(WelcomeEmailSent.class).causationId())
                    .containsExactlyInAnyOrderElementsOf(valid.stream().map(CustomerSignedUp::eventId).toList());
            // every agent dead-lettered every bad event once
            assertThat(letters).hasSize(4 * AGENTS);
            assertThat(letters.stream().filter(l -> Arrays.equals(l.value(), notJson))).as("the unparseable payload, unchanged").hasSize(AGENTS);
            assertReasons(letters, "bad-type", "unknown event type agentsociety.Nonsense.v1");
            assertReasons(letters, "bad-missing", "missing field customerId");
            assertReasons(letters, "bad-version", "schemaVersion 2 is newer than the supported 1");
            Gaps.expect(implementation, CapabilityGap.DAPR_NON_JSON_DEAD_LETTER_HAS_NO_REASON, () -> assertThat(letters)
                    .filteredOn(l -> Arrays.equals(l.value(), notJson))
                    .as("the unparseable payload's dead letters carry a reason")
                    .allSatisfy(l -> assertThat(l.headers().lastHeader("dlq.reason")).isNotNull()));
        }
    }

    private static void assertReasons(List<ConsumerRecord<String, byte[]>> letters, String id, String reason) throws Exception {
        List<ConsumerRecord<String, byte[]>> forEvent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> letter : letters) {
            if (letter.value()[0] == '{' && letter.value()[1] != 'n') {
                JsonNode envelope = EventJson.mapper().readTree(letter.value());
                if (id.equals(envelope.path("id").asText())) {
                    forEvent.add(letter);
                }
            }
        }
        assertThat(forEvent).as("dead letters of %s", id).hasSize(AGENTS);
        assertThat(forEvent).allSatisfy(letter -> {
            Header header = letter.headers().lastHeader("dlq.reason");
            assertThat(header).as("dlq.reason header on %s", id).isNotNull();
            assertThat(new String(header.value(), StandardCharsets.UTF_8)).contains(reason);
        });
    }

    private static String cloudEvent(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"test\",\"type\":\"" + type
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }
}
