package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.CreditChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S3's synchronous baseline beside the asynchronous request-reply, identical for both implementations: the same
 * 100 credit questions asked over pub/sub (all in flight at once) and synchronously — plain HTTP in the direct
 * variant, Dapr service invocation in the Dapr one — from 16 caller threads, against a normal risk-agent and a
 * slow one (50 ms per decision). Every question must be answered in every style; latency (from the moment the batch
 * wants the answer) and throughput per style go to {@code target/comparison/sync-vs-async-<implementation>.json}.
 */
class SyncVsAsyncComparisonIT {

    private static final int REQUESTS = 100;
    private static final int CALLERS = 16;
    private static final Map<String, Duration> RISK_AGENTS = Map.of("normal", Duration.ZERO, "slow", Duration.ofMillis(50));
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyQuestionIsAnsweredSynchronouslyAndAsynchronously(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("sync", implementation.label());
        Map<String, CreditChecks.Summary> summaries = new LinkedHashMap<>();

        try (CreditCheck check = CreditCheck.start(implementation, kafka, topics, LOGS)) {
            for (String speed : new String[] {"normal", "slow"}) {
                check.startRiskAgent(RISK_AGENTS.get(speed));
                // warm-up: the reply path's first round trip (group joins, connections) is not what is measured
                check.run(10, Duration.ofSeconds(60)).get();
                check.runBlocking(10, CALLERS);

                summaries.put("async-" + speed, check.run(REQUESTS, Duration.ofSeconds(60)).get());
                summaries.put("sync-" + speed, check.runBlocking(REQUESTS, CALLERS));
                check.stopRiskAgent();
            }
        }

        ScenarioResult result = new ScenarioResult("sync-vs-async", implementation.label(), "kafka");
        summaries.forEach((style, summary) -> {
            Latencies latencies = new Latencies();
            summary.latenciesMicros().forEach(micros -> latencies.record(Duration.ofNanos(micros * 1_000)));
            ObjectNode figures = result.details().putObject(style);
            figures.put("answered", summary.answered()).put("failed", summary.timedOut()).put("firstFailure", summary.firstFailure())
                    .put("peakInFlight", summary.peakInFlight())
                    .put("throughputPerSec", Math.round(summary.answered() * 1e7 / Math.max(1, summary.elapsedMicros())) / 10.0);
            figures.set("latencyMs", latencies.toJson());
        });
        result.json().put("sent", REQUESTS * summaries.size())
                .put("delivered", summaries.values().stream().mapToInt(CreditChecks.Summary::answered).sum())
                .put("passed", summaries.values().stream().allMatch(s -> s.answered() == REQUESTS));
        Path out = result.write(ScenarioResult.SUITE_RESULTS);

        summaries.forEach((style, summary) -> assertThat(summary.answered())
                .as("%s: questions answered (%s); first failure: %s", style, out, summary.firstFailure()).isEqualTo(REQUESTS));
    }
}
