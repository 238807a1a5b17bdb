package dev.agentsociety.comparison.scenario.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.measure.DeliveryTally;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.direct.kafka.TopicReader;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AuditTrail;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S2, loose coupling: a fourth subscriber, audit-agent, joins the running society. Nothing of the society is
 * stopped, changed or told; the newcomer gets every signup published after it joined, exactly once.
 */
class LooseCouplingComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void aNewSubscriberJoinsWithoutTheOthersChanging(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("coupling", implementation.label());
        List<CustomerSignedUp> before = signups("early", 5);
        List<CustomerSignedUp> after = signups("late", 5);

        try (Implementation.Society society = implementation.start(kafka, topics, LOGS);
                TopicReader welcomes = new TopicReader(kafka.bootstrapServers(), "observer-welcome", topics.welcomeEmails())) {
            before.forEach(society::signUp);
            List<ReceivedEvent> welcomed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                welcomed.addAll(welcomes.poll(Duration.ofMillis(200)));
                return welcomed.size() >= before.size();
            });

            try (Implementation.Audit audit = implementation.startAudit(kafka, topics, LOGS)) {
                after.forEach(society::signUp);

                List<String> lateIds = after.stream().map(CustomerSignedUp::eventId).toList();
                await().atMost(Duration.ofSeconds(60)).until(() -> seenSignups(audit, topics).containsAll(lateIds));
                List<String> seen = seenSignups(audit, topics);
                Map<String, List<String>> sentByCustomer = new LinkedHashMap<>();
                after.forEach(s -> sentByCustomer.put(s.customerId(), List.of(s.eventId())));
                Map<String, String> customerOf = new HashMap<>();
                Stream.concat(before.stream(), after.stream()).forEach(s -> customerOf.put(s.eventId(), s.customerId()));
                DeliveryTally tally = DeliveryTally.of(sentByCustomer, seen.stream().filter(lateIds::contains)
                        .map(id -> new DeliveryTally.Effect(customerOf.get(id), id)).toList());
                ScenarioResult.of("loose-coupling", implementation.label(), "kafka").tally(tally).build()
                        .write(ScenarioResult.SUITE_RESULTS);
                assertThat(seen.stream().filter(lateIds::contains))
                        .as("every signup after audit-agent joined, exactly once").containsExactlyInAnyOrderElementsOf(lateIds);
                // the society went on as before: every late signup was welcomed too
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    welcomed.addAll(welcomes.poll(Duration.ofMillis(200)));
                    return welcomed.size() >= before.size() + after.size();
                });
            }
        }
    }

    private static List<String> seenSignups(Implementation.Audit audit, Topics topics) {
        return audit.entries().get().stream()
                .filter(e -> e.topic().equals(topics.customerSignups()))
                .map(AuditTrail.Entry::eventId)
                .toList();
    }

    private static List<CustomerSignedUp> signups(String batch, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> CustomerSignedUp.of(batch + "-" + i, batch + i + "@example.com", "basic"))
                .toList();
    }
}
