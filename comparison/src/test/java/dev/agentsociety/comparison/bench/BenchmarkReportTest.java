package dev.agentsociety.comparison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.bench.BenchmarkResults.Run;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.devstack.Repo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The growth table from benchmarks.json, and an older file (schema 1) still read as the runs it holds. */
class BenchmarkReportTest {

    private static Run run(String path, int partitions, int instances, int size, String mode, long throughput, double p50,
            Map<String, Long> cpu) {
        return new Run(path, size, partitions, instances, mode, mode.equals("at-rate") ? 1000 : null, 1000L, 1000L, null, 0L, 0L,
                0L, null, mode.equals("throughput") ? throughput : null, null, null, new Latency(p50, p50 * 2, p50 * 3, p50 * 4),
                new Latency(1, 2, 3, 4), null, mode.equals("throughput") ? cpu : null, null, null);
    }

    private static void both(List<Run> runs, String path, int partitions, int instances, int size, long throughput, double p50,
            Map<String, Long> cpu) {
        runs.add(run(path, partitions, instances, size, "throughput", throughput, 0, cpu));
        runs.add(run(path, partitions, instances, size, "at-rate", 0, p50, cpu));
    }

    private static BenchmarkResults results(List<Run> runs) {
        return new BenchmarkResults(BenchmarkResults.SCHEMA_VERSION, "./benchmark", "now", null, "one broker",
                new BenchmarkResults.Settings(1000, 1000, 1, 6, 1, 100, 100, "all", "2 cores"), Map.of(), null, runs, null, null);
    }

    @Test
    void eachGrownDimensionOpensWithTheBaseAndSaysHowFarEachPathMoved() {
        List<Run> runs = new ArrayList<>();
        Map<String, Long> directCpu = new LinkedHashMap<>(Map.of("runner (this JVM)", 40L, "kafka-1", 10L, "bench-sink-direct app", 20L));
        Map<String, Long> daprCpu = new LinkedHashMap<>(Map.of("runner (this JVM)", 30L, "bench-publisher daprd", 100L,
                "bench-sink app", 150L, "bench-sink daprd", 160L));
        both(runs, "direct-kafka", 6, 1, 100, 20_000, 2.5, directCpu);
        both(runs, "dapr-grpc", 6, 1, 100, 2_000, 10, daprCpu);
        both(runs, "direct-kafka", 6, 1, 1024, 30_000, 1, directCpu);
        both(runs, "direct-kafka", 24, 1, 100, 10_000, 3, directCpu);
        both(runs, "direct-kafka", 6, 3, 100, 25_000, 2, directCpu);
        both(runs, "dapr-grpc", 6, 3, 100, 1_000, 12, daprCpu);

        String table = new BenchmarkReport(results(runs)).growthTable();

        assertThat(table.lines()).containsSubsequence(
                "| payload | 6 | 1 | 100 B | direct-kafka | 20000 | 1.00 | 2.5 / 7.5 | 70 (20) | 1000 / 1000 |",
                "| payload | 6 | 1 | 100 B | dapr-grpc | 2000 | 1.00 | 10 / 30 | 440 (310) | 1000 / 1000 |",
                "| payload | 6 | 1 | 1024 B | direct-kafka | 30000 | 1.50 | 1 / 3 | 70 (20) | 1000 / 1000 |",
                "| partitions | 6 | 1 | 100 B | direct-kafka | 20000 | 1.00 | 2.5 / 7.5 | 70 (20) | 1000 / 1000 |",
                "| partitions | 24 | 1 | 100 B | direct-kafka | 10000 | 0.50 | 3 / 9 | 70 (20) | 1000 / 1000 |",
                "| instances | 6 | 1 | 100 B | dapr-grpc | 2000 | 1.00 | 10 / 30 | 440 (310) | 1000 / 1000 |",
                "| instances | 6 | 3 | 100 B | direct-kafka | 25000 | 1.25 | 2 / 6 | 70 (20) | 1000 / 1000 |",
                "| instances | 6 | 3 | 100 B | dapr-grpc | 1000 | 0.50 | 12 / 36 | 440 (310) | 1000 / 1000 |");
        assertThat(table).doesNotContain("| partitions | 24 | 1 | 100 B | dapr-grpc"); // not measured: no row
        // the paths table stays the base's: payloads at 6 partitions on one instance
        assertThat(new BenchmarkReport(results(runs)).pathsTable()).contains("| direct-kafka | 100 B | 20000 |")
                .doesNotContain("| 10000 |").doesNotContain("| 25000 |");
        assertThat(new BenchmarkReport(results(runs)).markdown()).contains("## How cost grows");
    }

    @Test
    void aFileFromBeforeTheSweepReadsAsItsPayloadsOnOneInstance() {
        BenchmarkResults old = BenchmarkResults.read(Repo.root().resolve("docs/results/2026-12-02/benchmark/benchmarks.json"));

        assertThat(old.schemaVersion()).isEqualTo(1);
        assertThat(old.baseInstances()).isEqualTo(1);
        assertThat(old.basePayloadBytes()).isEqualTo(100);
        assertThat(old.find("direct-kafka", 100, "throughput")).get().extracting(old::partitionsOf, old::instancesOf)
                .containsExactly(6, 1);
        String table = new BenchmarkReport(old).growthTable();
        assertThat(table).contains("| payload | 6 | 1 | 100 B | direct-kafka | 18630 | 1.00 |", "| payload | 6 | 1 | 1024 B | direct-kafka | 31703 | 1.70 |");
        assertThat(new BenchmarkReport(old).markdown()).doesNotContain("## How cost grows"); // payloads alone: the paths table
    }

    @Test
    void theCpuOfAProcessRoleCountsForItsOwnVariantsPaths() {
        assertThat(BenchRig.spentOn(BenchPath.DIRECT_KAFKA, "bench-sink-direct app")).isTrue();
        assertThat(BenchRig.spentOn(BenchPath.DAPR_GRPC, "bench-sink-direct app")).isFalse();
        assertThat(BenchRig.spentOn(BenchPath.DIRECT_KAFKA, "bench-sink daprd")).isFalse();
        assertThat(BenchRig.spentOn(BenchPath.DAPR_BULK, "bench-publisher daprd")).isTrue();
        assertThat(BenchRig.spentOn(BenchPath.DIRECT_KAFKA, "kafka-1")).isTrue();
        assertThat(BenchRig.spentOn(BenchPath.DAPR_HTTP, "runner (this JVM)")).isTrue();
    }
}
