package dev.agentsociety.comparison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.domain.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job, {@code ./compare}: what it writes, and how it says no. */
class CompareIT {

    @TempDir
    Path out;

    record Run(int exitCode, String out, String err) {
    }

    private static Run compare(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Compare()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void fanOutOnBothImplementationsWritesResultsAndReports() throws Exception {
        Run run = compare("--scenarios", "fan-out", "--messages", "20", "--out", out.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode results = EventJson.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("schemaVersion").asInt()).isEqualTo(Results.SCHEMA_VERSION);
        assertThat(results.path("versions").path("kafka").asText()).isNotBlank();
        assertThat(results.path("versions").path("daprd").asText()).isNotBlank();
        assertThat(results.path("results")).hasSize(2);
        for (JsonNode entry : results.path("results")) {
            assertThat(entry.path("scenario").asText()).isEqualTo("fan-out");
            assertThat(entry.path("broker").asText()).isEqualTo("kafka");
            // 20 signups and the warm-up (a fifth of them at max rate), each answered by three agents
            assertThat(entry.path("sent").asLong()).isEqualTo(3 * 24);
            assertThat(entry.path("delivered").asLong()).isEqualTo(3 * 24);
            assertThat(entry.path("details").path("timedSignups").asLong()).isEqualTo(20);
            assertThat(entry.path("lost").asLong()).isZero();
            assertThat(entry.path("passed").asBoolean()).isTrue();
            JsonNode latency = entry.path("latencyMs");
            assertThat(List.of(latency.path("p50").asDouble(), latency.path("p95").asDouble(), latency.path("p99").asDouble(),
                    latency.path("max").asDouble())).as("percentiles of %s", latency).isSorted().allMatch(ms -> ms > 0);
            // each timed signup was sent after the first publish and answered before the last answer, so the run
            // lasted at least the slowest signup's latency: throughput is at most 20 signups over that
            assertThat(entry.path("throughputPerSec").asDouble()).as("answered per s of %s", entry.path("implementation"))
                    .isPositive().isLessThanOrEqualTo(20 / (latency.path("max").asDouble() / 1000) * 1.05);
            // the two legs are parts of the whole: neither is slower than the signup's whole way
            JsonNode legs = entry.path("details").path("legsMs");
            assertThat(legs.path("agents").path("max").asDouble()).isLessThanOrEqualTo(latency.path("max").asDouble() * 1.01);
            assertThat(legs.path("publish").path("max").asDouble()).isLessThanOrEqualTo(latency.path("max").asDouble() * 1.01);
        }
        assertThat(results.path("results")).extracting(e -> e.path("implementation").asText())
                .containsExactly("direct-kafka", "dapr");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| fan-out @ max | direct-kafka | 72 | 72 |",
                "| fan-out @ max | dapr | 72 | 72 |", "## Verdict", "| throughput: answered signups per s at max |", "## Guarantees", CapabilityGap.DAPR_APP_NOT_TOLD_OF_REBALANCES.description(),
                "## Transport layers");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "</table>", "./compare --scenarios fan-out")
                .as("nothing fetched from a network").doesNotContainPattern("(src|href)=\"https?:");
        assertThat(run.out()).contains("fan-out", "direct-kafka", "dapr", "results in");
    }

    @Test
    void theReplayScenarioRebuildsEveryAccountInBothVariantsAndIsAVerdictRow() throws Exception {
        Run run = compare("--scenarios", "replay", "--messages", "2000", "--out", out.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode results = EventJson.mapper().readTree(out.resolve("results.json").toFile()).path("results");
        // 2,000 events are 20 accounts of 100; each rebuilt account must be the one its history replays to
        assertThat(results).extracting(r -> r.path("implementation").asText() + " " + r.path("sent").asLong() + " "
                + r.path("delivered").asLong() + " " + r.path("passed").asBoolean())
                .containsExactly("direct-kafka 20 20 true", "dapr 20 20 true");
        for (JsonNode replay : results) {
            assertThat(replay.at("/details/rebuilds")).extracting(r -> r.path("events").asLong() + " "
                    + r.path("accountsRebuiltExactly").asLong()).as("the ledger's rebuild, then the views'")
                    .containsExactly("2000 20", "2000 20");
            assertThat(replay.path("throughputPerSec").asDouble()).isEqualTo(replay.at("/details/rebuilds/0/eventsPerSec").asDouble());
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("| replay: events per s rebuilding the ledger's accounts");
    }

    @Test
    void theExactlyOnceScenarioAndItsNaiveContrastAreRowsOfTheReport() throws Exception {
        Run run = compare("--scenarios", "exactly-once,exactly-once-naive", "--implementations", "direct-kafka",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode results = EventJson.mapper().readTree(out.resolve("results.json").toFile()).path("results");
        ExactlyOnceScenario.Settings settings = ExactlyOnceScenario.Settings.COMPARE;
        assertThat(results).extracting(e -> e.path("scenario").asText() + " " + e.path("implementation").asText()
                + " sent " + e.path("sent").asLong() + " delivered " + e.path("delivered").asLong() + " lost "
                + e.path("lost").asLong() + " passed " + e.path("passed").asBoolean())
                .containsExactly("exactly-once direct-kafka sent 1200 delivered 1200 lost 0 passed true",
                        "exactly-once-naive direct-kafka sent 1200 delivered 1200 lost 0 passed true");
        assertThat(results.get(0).path("duplicates").asLong()).as("effects decided twice by the guarded agent").isZero();
        assertThat(results.get(1).path("duplicates").asLong()).as("by the naive one").isGreaterThanOrEqualTo(settings.retried());
        assertThat(Files.readString(out.resolve("report.md"))).contains("| exactly-once | direct-kafka | 1200 | 1200 | 0 | 0 |",
                "| exactly-once-naive | direct-kafka | 1200 | 1200 |");
    }

    @Test
    void theBenchmarkScenarioRunsThePathsOfTheChosenImplementationsWithThePayloadSizeAsked() throws Exception {
        Run run = compare("--scenarios", "benchmark", "--implementations", "direct-kafka", "--payload-bytes", "200",
                "--messages", "300", "--rate", "100", "--duration", "1", "--out", out.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode results = EventJson.mapper().readTree(out.resolve("results.json").toFile()).path("results");
        assertThat(results).extracting(r -> r.path("scenario").asText() + " " + r.path("implementation").asText())
                .containsExactly("benchmark direct-kafka");
        JsonNode benchmarks = results.get(0).path("details");
        assertThat(benchmarks.path("results")).extracting(e -> e.path("path").asText() + " " + e.path("mode").asText()
                + " " + e.path("payloadBytes").asInt() + " " + e.path("sent").asLong())
                .containsExactly("kafka-tool throughput 200 300", "kafka-tool at-rate 200 100",
                        "direct-kafka throughput 200 300", "direct-kafka at-rate 200 100");
        assertThat(benchmarks.path("results").get(2).path("handled").asLong()).isEqualTo(300);
        assertThat(benchmarks.path("passed").asBoolean()).isTrue();
        assertThat(results.get(0).path("passed").asBoolean()).isTrue();
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Benchmarks", "| direct-kafka | 200 B |",
                "direct-kafka / kafka-tool throughput");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h2>Benchmarks</h2>");
    }

    @Test
    void badOptionsGetTheUsageAndExitCodeTwo() {
        for (List<String> args : List.of(List.of("--scenarios", "nope"), List.of("--rate", "-5"), List.of("--rate", "fast"),
                List.of("--broker", "kafka,nope"),
                List.of("--broker", "redis", "--scenarios", "fan-out"),
                List.of("--broker", "rabbitmq", "--implementations", "direct-kafka"), List.of("--implementations", "kafka-streams"), List.of("--frobnicate"),
                List.of("--payload-bytes", "0"), List.of("--brokers", "2"), List.of("--scenarios", "broker-faults"))) {
            Run run = compare(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).contains("Usage: compare");
        }
        assertThat(compare("--broker", "kafka,nope").err()).contains("unknown broker 'nope'; components/ has kafka, redis");
        assertThat(compare("--scenarios", "broker-faults").err())
                .contains("broker-faults kills and stalls brokers of a replicated cluster: add --brokers 3");
        assertThat(compare("--broker", "redis", "--scenarios", "fan-out").err())
                .contains("fan-out observe(s) Kafka's log, groups or transactions: add kafka to --broker", "broker-matrix");
        assertThat(compare("--broker", "rabbitmq", "--implementations", "direct-kafka").err())
                .contains("direct-kafka is Kafka's own client and runs on kafka only");
        assertThat(compare("--brokers", "2").err()).contains("--brokers is 1 or 3");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndANonZeroExitWithTheResultsFileWritten() throws Exception {
        String nobody = "127.0.0.1:" + Ports.free();
        Path log = out.resolve("compare.log");
        ChildProcess compare = ChildProcess.start("compare", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "-Dagentsociety.repo=" + System.getProperty("agentsociety.repo"),
                Compare.class.getName(), "--scenarios", "fan-out", "--implementations", "direct-kafka", "--out", out.toString()),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", nobody), out, log);
        int code = compare.awaitExit(Duration.ofSeconds(120)) ? compare.exitCode() : -1;
        compare.close();

        assertThat(code).isEqualTo(1);
        assertThat(Files.readString(log)).contains("compare: Kafka at " + nobody).contains("KAFKA_BOOTSTRAP_SERVERS")
                .doesNotContain("\tat ");
        assertThat(EventJson.mapper().readTree(out.resolve("results.json").toFile()).path("results")).isEmpty();
    }
}
