package dev.agentsociety.comparison.bench;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.Implementation;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code ./benchmark}'s measurements as a scenario of the comparison: each implementation's paths on the run's
 * broker — direct-kafka's agent path with Kafka's own tools as its ceiling, Dapr's HTTP, gRPC and bulk publish — at
 * {@code --payload-bytes}, {@code --messages} as fast as they go and {@code --duration} seconds at the first
 * {@code --rate} (at max: 1,000/s). Its details are the {@link BenchmarkResults} of those paths; the report puts both
 * implementations' into one benchmarks section. The ledger's replay stays {@code ./benchmark}'s.
 */
public final class BenchmarkScenario implements Scenario {

    public static final String NAME = "benchmark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "./benchmark's paths (Kafka's tools, direct, Dapr HTTP, gRPC, bulk) on the same broker; not run unless named";
    }

    @Override
    public boolean runsByDefault() {
        return false;
    }

    @Override
    public int defaultMessages() {
        return 100_000;
    }

    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) {
        List<BenchPath> paths = implementation == Implementation.DIRECT_KAFKA
                ? List.of(BenchPath.KAFKA_TOOL, BenchPath.DIRECT_KAFKA)
                : List.of(BenchPath.DAPR_HTTP, BenchPath.DAPR_GRPC, BenchPath.DAPR_BULK);
        BenchmarkRun.Settings settings = new BenchmarkRun.Settings(stage.payloadBytes(), stage.signups(),
                stage.rate() > 0 ? (int) Math.max(1, stage.rate()) : 1_000, stage.durationSeconds() != null ? stage.durationSeconds() : 10, 0, "kafka");
        // each run's line goes to the console as ./benchmark prints it
        BenchmarkResults results = new BenchmarkRun(settings, new PrintWriter(System.out, true), stage.logs()).measure(stage.kafka(), paths,
                NAME + " " + implementation.label(), partial -> { });
        return ScenarioResult.of(NAME, implementation.label(), "kafka").passed(results.passed()).details(results).build();
    }
}
