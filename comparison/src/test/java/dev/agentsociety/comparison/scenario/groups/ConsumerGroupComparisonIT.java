package dev.agentsociety.comparison.scenario.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.DeliveryTally;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.comparison.society.Gaps;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S4 consumer groups and per-key order ({@link ConsumerGroupScenario}), identical for both implementations: while
 * ledger-agent scales 1 -> 3 -> 1 instances, every deposit command sent (24 accounts, 50/s) is recorded — none
 * lost, none unexpected, none dead-lettered — and each account's in command order; duplicates from redelivery
 * around a rebalance are counted. The group's sizes, as the broker reports them, go 1 -> 3 -> 1.
 */
class ConsumerGroupComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void scalingOneThreeOneLosesNothingAndKeepsEachAccountInOrder(Implementation implementation) throws Exception {
        ConsumerGroupScenario.Outcome outcome = ConsumerGroupScenario.run(implementation, kafka,
                SuiteKafka.freshTopics("groups", implementation.label()), LOGS, new ConsumerGroupScenario.Settings(24, 50),
                Progress.NONE);
        Path out = outcome.result().write(ScenarioResult.SUITE_RESULTS);
        DeliveryTally tally = outcome.tally();

        assertThat(tally.lostIds()).as("commands without a recorded deposit (%s)", out).isEmpty();
        assertThat(outcome.deadLettered()).as("commands sent to the dead-letter topic").isZero();
        assertThat(tally.unexpected()).as("deposits nobody commanded").isZero();
        assertThat(tally.orderViolations()).as("deposits recorded out of their account's order").isZero();
        assertThat(outcome.rebalances().stream().map(ConsumerGroupWatch.Assignment::members).toList())
                .as("group sizes while scaling (%s)", outcome.rebalances()).containsSubsequence(1, 3, 1);
        // the agent itself knows: all six partitions, then two of them, then all six again
        Gaps.expect(implementation, CapabilityGap.DAPR_APP_NOT_TOLD_OF_REBALANCES, () -> assertThat(outcome.seenByFirst())
                .as("rebalances ledger-agent-1 was told of").filteredOn(seen -> seen.startsWith("assigned"))
                .hasSizeGreaterThanOrEqualTo(3));
    }
}
