package dev.agentsociety.comparison.scenario.requestreply;

import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.CreditChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * S3 request-reply beside its synchronous baseline: the same credit questions asked over pub/sub (all in flight at
 * once) and synchronously — plain HTTP in the direct variant, Dapr service invocation in the Dapr one — from a
 * fixed number of caller threads, against a normal risk-agent and a slow one. Measured per style: answers, latency
 * from the moment the batch wants the answer, throughput.
 */
public final class SyncVsAsyncScenario implements Scenario {

    record Settings(int requests, int callers, Duration slowThinkingTime) {
    }

    /** The result, and each style's summary: async-normal, sync-normal, async-slow, sync-slow. */
    record Outcome(ScenarioResult result, Map<String, CreditChecks.Summary> summaries) {
    }

    @Override
    public String name() {
        return "sync-vs-async";
    }

    @Override
    public String summary() {
        return "credit checks by request-reply over pub/sub against a synchronous call, with a normal and a slow risk-agent";
    }

    /** 100 requests from 16 callers; the slow risk-agent thinks 50 ms per decision. */
    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        return run(implementation, stage.kafka(), stage.topics(), stage.logs(), new Settings(100, 16, Duration.ofMillis(50)),
                progress).result();
    }

    static Outcome run(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, Settings settings,
            Progress progress) throws Exception {
        Map<String, Duration> riskAgents = new LinkedHashMap<>();
        riskAgents.put("normal", Duration.ZERO);
        riskAgents.put("slow", settings.slowThinkingTime());
        Map<String, CreditChecks.Summary> summaries = new LinkedHashMap<>();

        ProcessCosts costs;
        try (CreditCheck check = CreditCheck.start(implementation, kafka, topics, logs)) {
            costs = ProcessCosts.start();
            for (var riskAgent : riskAgents.entrySet()) {
                progress.phase("risk-agent " + riskAgent.getKey(), 4);
                check.startRiskAgent(riskAgent.getValue());
                // warm-up: the reply path's first round trip (group joins, connections) is not what is measured
                check.run(10, Duration.ofSeconds(60)).get();
                check.runBlocking(10, settings.callers());
                progress.done(1);

                summaries.put("async-" + riskAgent.getKey(), check.run(settings.requests(), Duration.ofSeconds(60)).get());
                progress.done(2);
                summaries.put("sync-" + riskAgent.getKey(), check.runBlocking(settings.requests(), settings.callers()));
                progress.done(3);
                check.stopRiskAgent();
                progress.done(4);
            }
            costs.end();
            progress.phase("stopping the agents", 0);
        }

        Map<String, SyncVsAsyncDetails.Style> styles = new LinkedHashMap<>();
        summaries.forEach((style, summary) -> {
            Latencies latencies = new Latencies();
            summary.latenciesMicros().forEach(micros -> latencies.record(Duration.ofNanos(micros * 1_000)));
            styles.put(style, new SyncVsAsyncDetails.Style(summary.answered(), summary.timedOut(), summary.firstFailure(),
                    summary.peakInFlight(), Math.round(summary.answered() * 1e7 / Math.max(1, summary.elapsedMicros())) / 10.0,
                    latencies.summary()));
        });
        int sent = settings.requests() * summaries.size();
        int answered = summaries.values().stream().mapToInt(CreditChecks.Summary::answered).sum();
        ScenarioResult result = costs.into(ScenarioResult.of("sync-vs-async", implementation.label(), "kafka"))
                .counts(sent, answered, 0, sent - answered, 0).passed(answered == sent)
                .details(new SyncVsAsyncDetails(settings.callers(), settings.slowThinkingTime().toMillis(), styles))
                .build();
        return new Outcome(result, summaries);
    }
}
