package dev.agentsociety.comparison.scenario.poison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.comparison.society.Gaps;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The poison set ({@link PoisonScenario}) in both implementations: every record answered once by each of the four
 * agents that read signups — the effect where the reference takes it, a dead letter at that record's offset with the
 * reference's reason where it refuses — then a valid signup answered, every process alive, every group's lag 0.
 *
 * <p>Gap ({@link CapabilityGap#DAPR_TOMBSTONE_ARRIVES_AS_JSON_NULL}): Dapr's Kafka component hands a tombstone to
 * daprd as the four bytes {@code null}, so a Dapr agent refuses it as "JSON null" — it cannot tell it from a record
 * whose value is {@code null} — and its dead letter holds those four bytes.
 */
class PoisonComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyRecordIsTakenOrDeadLetteredWithItsReasonAndNoAgentStops(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics(PoisonScenario.NAME, implementation.label());
        PoisonScenario.Outcome outcome = PoisonScenario.run(implementation, kafka, topics, LOGS, PoisonScenario.Settings.DEFAULT,
                Progress.NONE);
        outcome.result().write(ScenarioResult.SUITE_RESULTS);

        // each reader answered each record once, as the reference does: taken, or refused
        assertThat(outcome.seen().keySet()).as("answers by reader and record").containsExactlyInAnyOrderElementsOf(outcome.expected().keySet());
        assertThat(outcome.seen()).as("one answer each").allSatisfy((where, answers) -> assertThat(answers).as(where).hasSize(1));
        Map<String, PoisonScenario.Answer> seen = new TreeMap<>();
        outcome.seen().forEach((where, answers) -> seen.put(where, answers.get(0)));
        String tombstone = outcome.bySource().entrySet().stream().filter(e -> e.getValue().value() == null).findFirst()
                .orElseThrow().getKey();
        Map<String, PoisonScenario.Answer> expectedBesidesTombstone = new TreeMap<>(outcome.expected());
        expectedBesidesTombstone.replaceAll((where, answer) -> where.endsWith(" " + tombstone) ? seen.get(where) : answer);
        assertThat(seen).as("each answer, and each dead letter's reason").isEqualTo(expectedBesidesTombstone);
        Gaps.expect(implementation, CapabilityGap.DAPR_TOMBSTONE_ARRIVES_AS_JSON_NULL, () -> assertThat(seen)
                .as("the tombstone's dead letters").isEqualTo(outcome.expected()));

        // the set holds both outcomes, and the records near the broker's limit
        assertThat(outcome.expected().values()).anyMatch(a -> a.takenId() != null).anyMatch(a -> a.takenId() == null);
        assertThat(outcome.bySource().values()).extracting(PoisonScenario.Poison::kind)
                .contains("tombstone", "binary-mode CloudEvent", "plain JSON event", "junk, near the size limit");
        // and the result says so: nothing lost, nothing twice, the society alive and caught up
        assertThat(outcome.result().lost()).isZero();
        assertThat(outcome.result().duplicates()).isZero();
        assertThat(outcome.result().delivered()).isEqualTo((long) outcome.expected().size());
        PoisonDetails details = outcome.result().details(PoisonDetails.class).orElseThrow();
        assertThat(details.validSignupAnsweredAfter()).isTrue();
        assertThat(details.allAliveAfter()).isTrue();
        assertThat(details.lagAfter().values()).as("lag per group").containsOnly(0L).hasSize(PoisonScenario.READERS.size());
        assertThat(outcome.result().passed()).isTrue();
        assertThat(details.kinds()).as("each fixed kind reported").hasSize(PoisonScenario.fixedSet().size());
    }
}
