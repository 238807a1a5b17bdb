package dev.agentsociety.comparison.scenario.requestreply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.measure.DeliveryTally;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.CreditChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S3 request-reply over pub/sub, identical for both implementations: 200 credit requests go out while risk-agent
 * is not even running — all 200 wait in flight; once it starts, every one is answered and matched by
 * correlationId. A duplicate reply and a reply nobody asked for are then counted and change nothing.
 */
class RequestReplyComparisonIT {

    private static final int REQUESTS = 200;
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void hundredsOfRequestsInFlightAreEachMatchedToTheirReply(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("reply", implementation.label());

        try (CreditCheck check = CreditCheck.start(implementation, kafka, topics, LOGS)) {
            CompletableFuture<CreditChecks.Summary> run = check.run(REQUESTS, Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).until(() -> check.outcomes().get("inFlight") == REQUESTS);

            check.startRiskAgent();
            CreditChecks.Summary summary = run.get();

            // no latency here: the requests waited for risk-agent to start (SyncVsAsyncComparisonIT measures it)
            ScenarioResult.of("request-reply", implementation.label(), "kafka")
                    .tally(new DeliveryTally(REQUESTS, summary.answered(), 0, summary.timedOut(), 0, 0, List.of())).build()
                    .write(ScenarioResult.SUITE_RESULTS);

            assertThat(summary.requested()).isEqualTo(REQUESTS);
            assertThat(summary.answered()).as("answered").isEqualTo(REQUESTS);
            assertThat(summary.timedOut()).as("timed out").isZero();
            assertThat(summary.peakInFlight()).as("in flight at once").isEqualTo(REQUESTS);
            assertThat(check.outcomes()).containsEntry("MATCHED", (long) REQUESTS).containsEntry("inFlight", 0L);

            // at-least-once makes these normal: a reply delivered twice, and one for a request never made
            byte[] aReply = firstRecord(topics.creditReplies());
            byte[] unknown = new String(aReply, StandardCharsets.UTF_8)
                    .replaceFirst("\"correlationId\"\\s*:\\s*\"[^\"]+\"", "\"correlationId\":\"nobody-asked\"")
                    .getBytes(StandardCharsets.UTF_8);
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(topics.creditReplies(), "dup", aReply)).get();
                raw.send(new ProducerRecord<>(topics.creditReplies(), "unknown", unknown)).get();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(check.outcomes())
                    .containsEntry("MATCHED", (long) REQUESTS)
                    .containsEntry("DUPLICATE", 1L)
                    .containsEntry("UNKNOWN", 1L)
                    .containsEntry("LATE", 0L)
                    .containsEntry("inFlight", 0L));
        }
    }

    private byte[] firstRecord(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "observer-replies", "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            byte[][] first = new byte[1][];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    first[0] = record.value();
                    return true;
                }
                return false;
            });
            return first[0];
        }
    }
}
