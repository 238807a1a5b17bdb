package dev.agentsociety.comparison.scenario.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S1 publish/subscribe and S2 fan-out ({@link FanOutScenario}), held to identical assertions in both
 * implementations: every signup is answered exactly once by each of the three agents — nothing missing, nothing
 * extra, no duplicate — and per customer in the order the signups were published. The figures go to
 * {@code target/comparison/fan-out-<implementation>.json} before the assertions, so a failing run leaves them too.
 */
class FanOutComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everySignupIsAnsweredOnceByEachAgentInPerCustomerOrder(Implementation implementation) throws Exception {
        FanOutScenario.Outcome outcome = FanOutScenario.run(implementation, kafka,
                SuiteKafka.freshTopics("fanout", implementation.label()), LOGS,
                new FanOutScenario.Settings(30, 10, 0, Duration.ofSeconds(90)), Progress.NONE);
        Path out = outcome.result().write(ScenarioResult.SUITE_RESULTS);

        outcome.byTopic().forEach((topic, tally) -> {
            assertThat(tally.lostIds()).as("%s: signups without an answer (%s)", topic, out).isEmpty();
            assertThat(tally.duplicates()).as("%s: signups answered twice", topic).isZero();
            assertThat(tally.unexpected()).as("%s: answers to no signup", topic).isZero();
            assertThat(tally.orderViolations()).as("%s: answers out of their customer's publish order", topic).isZero();
        });
        assertThat(outcome.byTopic()).containsOnlyKeys("welcome-emails", "accounts", "recommendations");
        // where the Dapr agents' time goes, as each daprd counted it: every batch it delivered was answered by one
        // bulk publish, and the batches hold the 30 signups between them — give or take the delivery at each end of the
        // phase, whose publish and whose delivery daprd counts a moment apart (the publish first)
        var sidecars = outcome.result().details(FanOutDetails.class).orElseThrow().sidecars();
        if (implementation == Implementation.DAPR) {
            assertThat(sidecars).containsOnlyKeys("welcome-agent", "account-agent", "recommendation-agent");
            sidecars.forEach((agent, phase) -> {
                assertThat(phase.deliveries()).as("%s %s", agent, phase).isBetween(1L, 31L);
                assertThat(phase.publishCalls()).as("%s %s", agent, phase).isBetween(phase.deliveries() - 1, phase.deliveries() + 1);
                assertThat(phase.appMsPerDelivery()).as("%s %s", agent, phase).isGreaterThan(phase.publishMsPerCall());
            });
        } else {
            assertThat(sidecars).as("no sidecars in the direct variant").isNull();
        }
    }
}
