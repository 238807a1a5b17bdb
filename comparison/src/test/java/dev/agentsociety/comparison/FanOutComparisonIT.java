package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.ReceivedEvent;
import dev.agentsociety.direct.TopicReader;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.AccountOpened;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.RecommendationsReady;
import dev.agentsociety.domain.events.WelcomeEmailSent;
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
 * {@code target/comparison/fan-out-<implementation>.json}, after a warm-up signup; the delivery counts add up the
 * three answer topics.
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
        Map<String, List<String>> sentByCustomer = new LinkedHashMap<>();
        signups.forEach(s -> sentByCustomer.computeIfAbsent(s.customerId(), c -> new ArrayList<>()).add(s.eventId()));
        Latencies latencies = new Latencies();
        answeredAt.values().forEach(byCause -> byCause.forEach((cause, at) -> {
            if (publishedAt.containsKey(cause)) { // the warm-up is not timed
                latencies.record(Duration.between(publishedAt.get(cause), at));
            }
        }));
        Map<String, DeliveryTally> tallies = new LinkedHashMap<>();
        answers.forEach((topic, events) -> tallies.put(topic.substring(topics.prefix().length()), DeliveryTally.of(sentByCustomer,
                events.stream().map(e -> new DeliveryTally.Effect(customerOf(e), causationId(e))).toList())));
        ScenarioResult result = new ScenarioResult("fan-out", implementation.label(), "kafka")
                .tally(DeliveryTally.sum(tallies.values())).latency(latencies)
                .throughput(signups.size() - 1, Duration.between(firstPublish, lastAnswer));
        tallies.forEach((topic, tally) -> result.details().putPOJO(topic, tally.counts()));
        Path out = result.write(ScenarioResult.SUITE_RESULTS);

        tallies.forEach((topic, tally) -> {
            assertThat(tally.lostIds()).as("%s: signups without an answer (%s)", topic, out).isEmpty();
            assertThat(tally.duplicates()).as("%s: signups answered twice", topic).isZero();
            assertThat(tally.unexpected()).as("%s: answers to no signup", topic).isZero();
            assertThat(tally.orderViolations()).as("%s: answers out of their customer's publish order", topic).isZero();
        });
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
}
