package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.ReceivedEvent;
import dev.agentsociety.direct.TopicReader;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.AccountOpened;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.RecommendationsReady;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S1 publish/subscribe and S2 fan-out, held to identical assertions in both implementations: every signup is
 * answered exactly once by each of the three agents — nothing missing, nothing extra, no duplicate — and per
 * customer in the order the signups were published. Latency (from the publish call to the answer's record
 * timestamp, i.e. the handler publishing it) and throughput are written to
 * {@code target/comparison/fan-out-<implementation>.json}, after a warm-up signup.
 */
class FanOutComparisonIT {

    private static final int CUSTOMERS = 10;
    private static final int SIGNUPS_PER_CUSTOMER = 3;
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everySignupIsAnsweredOnceByEachAgentInPerCustomerOrder(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("fanout", implementation.label());
        List<CustomerSignedUp> signups = new ArrayList<>();
        for (int round = 1; round <= SIGNUPS_PER_CUSTOMER; round++) {
            for (int customer = 1; customer <= CUSTOMERS; customer++) {
                signups.add(CustomerSignedUp.of("cust-" + customer, "r" + round + "@example.com", round == 2 ? "premium" : "basic"));
            }
        }
        Map<String, Instant> publishedAt = new HashMap<>();
        Map<String, Map<String, Instant>> answeredAt = new LinkedHashMap<>();
        Map<String, List<ReceivedEvent>> answers = new LinkedHashMap<>();
        Instant firstPublish;
        Instant lastAnswer;

        try (Implementation.Society society = implementation.start(kafka, topics, LOGS);
                TopicReader welcome = new TopicReader(kafka.bootstrapServers(), "observer-welcome", topics.welcomeEmails());
                TopicReader accounts = new TopicReader(kafka.bootstrapServers(), "observer-accounts", topics.accounts());
                TopicReader recommendations = new TopicReader(kafka.bootstrapServers(), "observer-recommendations", topics.recommendations())) {
            Map<String, TopicReader> readers = Map.of(topics.welcomeEmails(), welcome, topics.accounts(), accounts,
                    topics.recommendations(), recommendations);
            readers.keySet().forEach(topic -> {
                answers.put(topic, new ArrayList<>());
                answeredAt.put(topic, new HashMap<>());
            });

            // warm-up: one signup answered by all three agents first, so the timed run measures the path,
            // not the consumer groups' first join
            CustomerSignedUp warmUp = CustomerSignedUp.of("warm-up", "warm-up@example.com", "basic");
            society.signUp(warmUp);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                pollInto(readers, answers, answeredAt);
                return answers.values().stream().allMatch(list -> !list.isEmpty());
            });
            signups.add(0, warmUp);

            firstPublish = Instant.now();
            for (CustomerSignedUp signup : signups.subList(1, signups.size())) {
                publishedAt.put(signup.eventId(), Instant.now());
                society.signUp(signup);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                pollInto(readers, answers, answeredAt);
                return answers.values().stream().allMatch(list -> list.size() >= signups.size());
            });
            lastAnswer = Instant.now();
            // anything extra (a duplicate) would come with the next polls: look once more before counting
            readers.forEach((topic, reader) -> answers.get(topic).addAll(reader.poll(Duration.ofMillis(500))));
        }

        // measure first, write the figures, then hold them to the assertions (a failing run still leaves its numbers)
        List<String> published = signups.stream().map(CustomerSignedUp::eventId).toList();
        ObjectNode result = EventJson.mapper().createObjectNode()
                .put("scenario", "fan-out").put("implementation", implementation.label()).put("broker", "kafka")
                .put("sent", signups.size())
                .put("throughputPerSec", (signups.size() - 1) * 1000.0 / Math.max(1, Duration.between(firstPublish, lastAnswer).toMillis()));
        Map<String, List<String>> causesByTopic = new LinkedHashMap<>();
        Map<String, List<String>> orderViolationsByTopic = new LinkedHashMap<>();
        for (var entry : answers.entrySet()) {
            List<String> causes = entry.getValue().stream().map(FanOutComparisonIT::causationId).toList();
            List<String> violations = new ArrayList<>();
            for (int customer = 0; customer <= CUSTOMERS; customer++) {
                String customerId = customer == 0 ? "warm-up" : "cust-" + customer;
                List<String> publishOrder = signups.stream().filter(s -> s.customerId().equals(customerId))
                        .map(CustomerSignedUp::eventId).toList();
                List<String> answerOrder = entry.getValue().stream().filter(e -> customerOf(e).equals(customerId))
                        .map(FanOutComparisonIT::causationId).distinct().toList();
                if (!answerOrder.equals(publishOrder)) {
                    violations.add(customerId);
                }
            }
            causesByTopic.put(entry.getKey(), causes);
            orderViolationsByTopic.put(entry.getKey(), violations);
            List<Long> latencies = answeredAt.get(entry.getKey()).entrySet().stream()
                    .filter(e -> publishedAt.containsKey(e.getKey())) // the warm-up is not timed
                    .map(e -> Duration.between(publishedAt.get(e.getKey()), e.getValue()).toMillis()).sorted().toList();
            ObjectNode topicResult = result.putObject(entry.getKey().substring(topics.prefix().length()));
            topicResult.put("delivered", causes.stream().distinct().filter(published::contains).count())
                    .put("duplicates", causes.size() - causes.stream().distinct().count())
                    .put("lost", published.stream().filter(id -> !causes.contains(id)).count())
                    .put("unexpected", causes.stream().filter(id -> !published.contains(id)).count())
                    .put("orderViolations", violations.size());
            topicResult.putObject("latencyMs").put("p50", percentile(latencies, 50)).put("p95", percentile(latencies, 95))
                    .put("p99", percentile(latencies, 99)).put("max", latencies.get(latencies.size() - 1));
        }
        Path out = Path.of("target", "comparison", "fan-out-" + implementation.label() + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));

        causesByTopic.forEach((topic, causes) -> assertThat(causes)
                .as("%s: each signup answered exactly once (%s)", topic, out)
                .containsExactlyInAnyOrderElementsOf(published));
        orderViolationsByTopic.forEach((topic, violations) -> assertThat(violations)
                .as("%s: customers whose answers came out of publish order", topic).isEmpty());
    }

    private static void pollInto(Map<String, TopicReader> readers, Map<String, List<ReceivedEvent>> answers,
            Map<String, Map<String, Instant>> answeredAt) {
        readers.forEach((topic, reader) -> reader.poll(Duration.ofMillis(50)).forEach(event -> {
            answers.get(topic).add(event);
            // the answer's record timestamp: when the agent's handler published it, free of this observer's polling
            answeredAt.get(topic).putIfAbsent(causationId(event), event.timestamp());
        }));
    }

    private static final Map<String, Function<ReceivedEvent, String[]>> READ = Map.of(
            "agentsociety.WelcomeEmailSent.v1", e -> {
                WelcomeEmailSent w = e.data(WelcomeEmailSent.class);
                return new String[] {w.causationId(), w.customerId()};
            },
            "agentsociety.AccountOpened.v1", e -> {
                AccountOpened a = e.data(AccountOpened.class);
                return new String[] {a.causationId(), a.customerId()};
            },
            "agentsociety.RecommendationsReady.v1", e -> {
                RecommendationsReady r = e.data(RecommendationsReady.class);
                return new String[] {r.causationId(), r.customerId()};
            });

    private static String causationId(ReceivedEvent event) {
        return READ.get(event.cloudEvent().getType()).apply(event)[0];
    }

    private static String customerOf(ReceivedEvent event) {
        return READ.get(event.cloudEvent().getType()).apply(event)[1];
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
