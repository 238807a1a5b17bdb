package dev.agentsociety.comparison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code ./benchmark --broker NAME}: the Dapr paths on another broker, its component folder swapped in and nothing
 * else — every probe handled exactly once, on a server of that kind the run started and stopped.
 */
class BenchmarkOnBrokersIT {

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"redis", "rabbitmq", "mqtt"})
    void theDaprPathsRunOnTheBrokerOfTheComponentFolder(String broker) throws Exception {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Benchmark()).setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute("--paths", "dapr-grpc", "--broker", broker, "--messages", "300",
                        "--rate", "100", "--duration", "1", "--payload-bytes", "100", "--replay-events", "0",
                        "--out", out.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode results = EventJson.mapper().readTree(out.resolve("benchmarks.json").toFile());
        assertThat(results.path("broker").asText()).contains("the Dapr paths on").contains("(components/" + broker + ")");
        assertThat(results.path("results")).extracting(r -> r.path("mode").asText() + " " + r.path("sent").asLong() + " "
                + r.path("handled").asLong() + " " + r.path("duplicates").asLong() + " " + r.path("lost").asLong())
                .containsExactly("throughput 300 300 0 0", "at-rate 100 100 0 0");
    }
}
