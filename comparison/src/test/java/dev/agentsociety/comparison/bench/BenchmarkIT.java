package dev.agentsociety.comparison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./benchmark}, small: every path delivers every probe exactly once — at every step of a tiny sweep of
 * partitions (2, 4) and instances (1, 2) — and the files hold what the report needs. The figures themselves are measured and reported by a full run, never asserted here.
 */
class BenchmarkIT {

    @TempDir
    Path out;

    private static int benchmark(StringWriter err, String... args) {
        return new CommandLine(new Benchmark()).setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void everyPathDeliversEveryProbeOnceAtEveryStepOfTheSweepAndTheReportHasTheTargets() throws Exception {
        StringWriter err = new StringWriter();
        int code = benchmark(err, "--messages", "400", "--rate", "200", "--duration", "1", "--payload-bytes", "100",
                "--partitions", "2,4", "--instances", "1,2", "--replay-events", "1000", "--out", out.toString());

        JsonNode results = EventJson.mapper().readTree(out.resolve("benchmarks.json").toFile());
        assertThat(code).as(err + results.toPrettyString()).isZero();
        assertThat(results.path("schemaVersion").asInt()).isEqualTo(BenchmarkResults.SCHEMA_VERSION);
        assertThat(results.path("settings").path("partitions").asInt()).as("the base").isEqualTo(2);
        assertThat(results.path("settings").path("instances").asInt()).isEqualTo(1);
        // Kafka's tools first (one producer and one consumer: no instances to grow), then each variant through the steps
        List<String> expected = new ArrayList<>(List.of("2x1 kafka-tool throughput", "2x1 kafka-tool at-rate",
                "4x1 kafka-tool throughput", "4x1 kafka-tool at-rate"));
        for (List<String> variant : List.of(List.of("direct-kafka"), List.of("dapr-http", "dapr-grpc", "dapr-bulk"))) {
            for (String step : List.of("2x1", "2x2", "4x1")) {
                variant.forEach(path -> expected.addAll(List.of(step + " " + path + " throughput", step + " " + path + " at-rate")));
            }
        }
        assertThat(results.path("results")).extracting(e -> e.path("partitions").asInt() + "x" + e.path("instances").asInt() + " "
                + e.path("path").asText() + " " + e.path("mode").asText()).containsExactlyElementsOf(expected);
        for (JsonNode entry : results.path("results")) {
            long sent = entry.path("mode").asText().equals("at-rate") ? 200 : 400;
            assertThat(entry.path("sent").asLong()).as(entry.toString()).isEqualTo(sent);
            assertThat(entry.path("payloadBytes").asInt()).isEqualTo(100);
            if (entry.path("path").asText().equals("kafka-tool")) {
                // Kafka's ProducerPerformance: its acknowledgement percentiles, in order
                JsonNode ack = entry.path("publishAckMs");
                assertThat(ack.path("p99").isNumber()).as(entry.toString()).isTrue();
                assertThat(ack.path("p50").asDouble()).as(entry.toString()).isLessThanOrEqualTo(ack.path("p99").asDouble());
                continue;
            }
            assertThat(entry.path("handled").asLong()).as(entry.toString()).isEqualTo(sent);
            assertThat(entry.path("duplicates").asLong()).as(entry.toString()).isZero();
            assertThat(entry.path("lost").asLong()).as(entry.toString()).isZero();
            assertThat(entry.path("publishFailures").asLong()).as(entry.toString()).isZero();
            assertThat(entry.path("latencyMs").path("p50").asDouble()).as(entry.toString()).isPositive();
            assertThat(entry.path("throughputPerSec").asDouble()).as(entry.toString()).isPositive();
            // every instance took its partition's share, and together they took each probe once
            JsonNode byInstance = entry.path("handledByInstance");
            assertThat(byInstance).as(entry.toString()).hasSize(entry.path("instances").asInt())
                    .allSatisfy(handled -> assertThat(handled.asLong()).isPositive());
            long together = 0;
            for (JsonNode handled : byInstance) {
                together += handled.asLong();
            }
            assertThat(together).as(entry.toString()).isEqualTo(sent);
            assertThat(entry.path("cpuMicrosPerMessage").fieldNames()).toIterable().as(entry.toString())
                    .contains(entry.path("path").asText().equals("direct-kafka") ? "bench-sink-direct app" : "bench-sink daprd");
        }
        assertThat(results.path("results").get(0).path("handled").asLong()).as("ConsumerPerformance read them all").isEqualTo(400);
        assertThat(results.path("targets")).extracting(t -> t.path("name").asText()).contains(
                "direct-kafka / kafka-tool throughput", "dapr-bulk / direct-kafka throughput", "dapr-grpc p50 at 200/s (ms)",
                "dapr-grpc p99 at 200/s (ms)");
        assertThat(results.path("replay")).extracting(r -> r.path("variant").asText() + " " + r.path("events").asLong()
                + " " + r.path("accountsRebuiltExactly").asLong() + "/" + r.path("accounts").asLong())
                .containsExactly("direct-kafka 1000 10/10", "direct-kafka views 1000 10/10", "dapr 1000 10/10", "dapr views 1000 10/10");
        assertThat(Files.readString(out.resolve("benchmarks.md"))).contains("| dapr-bulk | 100 B |", "## Targets",
                "## How cost grows", "| partitions | 4 | 1 | 100 B | kafka-tool |", "| instances | 2 | 2 | 100 B | dapr-grpc |",
                "## Replaying the event-sourced ledger", "## Where the time goes", "./benchmark --messages 400");
    }

    @Test
    void badOptionsGetTheUsageAndExitCodeTwo() {
        for (List<String> args : List.of(List.of("--paths", "dapr-carrier-pigeon"), List.of("--rate", "0"),
                List.of("--payload-bytes", "-1"), List.of("--messages", "many"), List.of("--replay-events", "-5"),
                List.of("--partitions", "0"), List.of("--instances", "17"))) {
            StringWriter err = new StringWriter();
            assertThat(benchmark(err, args.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains("Usage: benchmark");
        }
    }
}
