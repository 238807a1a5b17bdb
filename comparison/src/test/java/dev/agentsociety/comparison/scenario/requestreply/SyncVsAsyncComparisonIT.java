package dev.agentsociety.comparison.scenario.requestreply;

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
 * S3's synchronous baseline beside the asynchronous request-reply ({@link SyncVsAsyncScenario}), identical for
 * both implementations: 100 credit questions over pub/sub (all in flight) and synchronously from 16 caller
 * threads, against a normal risk-agent and a slow one (50 ms per decision): every question answered in every style.
 */
class SyncVsAsyncComparisonIT {

    private static final int REQUESTS = 100;
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyQuestionIsAnsweredSynchronouslyAndAsynchronously(Implementation implementation) throws Exception {
        SyncVsAsyncScenario.Outcome outcome = SyncVsAsyncScenario.run(implementation, kafka,
                SuiteKafka.freshTopics("sync", implementation.label()), LOGS,
                new SyncVsAsyncScenario.Settings(REQUESTS, 16, Duration.ofMillis(50)), Progress.NONE);
        Path out = outcome.result().write(ScenarioResult.SUITE_RESULTS);

        assertThat(outcome.summaries()).containsOnlyKeys("async-normal", "sync-normal", "async-slow", "sync-slow");
        outcome.summaries().forEach((style, summary) -> assertThat(summary.answered())
                .as("%s: questions answered (%s); first failure: %s", style, out, summary.firstFailure()).isEqualTo(REQUESTS));
    }
}
