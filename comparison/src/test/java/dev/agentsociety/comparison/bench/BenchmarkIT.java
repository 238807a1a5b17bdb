package dev.agentsociety.comparison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./benchmark}, small: every path delivers every probe exactly once and the files hold what the report
 * needs. The figures themselves are measured and reported by a full run, never asserted here.
 */
class BenchmarkIT {

    @TempDir
    Path out;

    private static int benchmark(StringWriter err, String... args) {
        return new CommandLine(new Benchmark()).setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void everyPathDeliversEveryProbeOnceAndTheReportHasTheTargets() throws Exception {
        StringWriter err = new StringWriter();
        int code = benchmark(err, "--messages", "400", "--rate", "200", "--duration", "1", "--payload-bytes", "100",
                "--replay-events", "1000", "--out", out.toString());

        JsonNode results = EventJson.mapper().readTree(out.resolve("benchmarks.json").toFile());
        assertThat(code).as(err + results.toPrettyString()).isZero();
        assertThat(results.path("results")).extracting(e -> e.path("path").asText() + " " + e.path("mode").asText())
                .containsExactly("kafka-tool throughput", "kafka-tool at-rate", "direct-kafka throughput", "direct-kafka at-rate",
                        "dapr-http throughput", "dapr-http at-rate", "dapr-grpc throughput", "dapr-grpc at-rate",
                        "dapr-bulk throughput", "dapr-bulk at-rate");
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
        }
        assertThat(results.path("results").get(0).path("handled").asLong()).as("ConsumerPerformance read them all").isEqualTo(400);
        assertThat(results.path("targets")).extracting(t -> t.path("name").asText()).contains(
                "direct-kafka / kafka-tool throughput", "dapr-bulk / direct-kafka throughput", "dapr-grpc p50 at 200/s (ms)",
                "dapr-grpc p99 at 200/s (ms)");
        assertThat(results.path("replay")).extracting(r -> r.path("variant").asText() + " " + r.path("events").asLong()
                + " " + r.path("accountsRebuiltExactly").asLong() + "/" + r.path("accounts").asLong())
                .containsExactly("direct-kafka 1000 10/10", "direct-kafka views 1000 10/10", "dapr 1000 10/10", "dapr views 1000 10/10");
        assertThat(Files.readString(out.resolve("benchmarks.md"))).contains("| dapr-bulk | 100 B |", "## Targets",
                "## Replaying the event-sourced ledger", "## Where the time goes", "./benchmark --messages 400");
    }

    @Test
    void badOptionsGetTheUsageAndExitCodeTwo() {
        for (List<String> args : List.of(List.of("--paths", "dapr-carrier-pigeon"), List.of("--rate", "0"),
                List.of("--payload-bytes", "-1"), List.of("--messages", "many"), List.of("--replay-events", "-5"))) {
            StringWriter err = new StringWriter();
            assertThat(benchmark(err, args.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains("Usage: benchmark");
        }
    }
}
