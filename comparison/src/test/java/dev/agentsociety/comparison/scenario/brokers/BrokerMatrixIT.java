package dev.agentsociety.comparison.scenario.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.cli.Compare;
import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.devstack.broker.PubSubBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code ./compare --scenarios broker-matrix --broker B}, small, on every folder of components/: the run's matrix is
 * the declared one — each property held exactly where no {@link BrokerGap} of B names it — with the measured counts
 * where a property holds, and nothing it started is left running.
 */
class BrokerMatrixIT {

    static List<String> brokers() {
        return PubSubBroker.NAMES;
    }
    private static final int MESSAGES = 200;

    @TempDir
    Path out;

    @ParameterizedTest
    @MethodSource("brokers")
    void theSameProbeAgentsMeasureTheDeclaredMatrixOnEachBroker(String broker) throws Exception {
        Instant started = Instant.now();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Compare()).setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute("--scenarios", "broker-matrix", "--broker", broker,
                        "--implementations", "dapr", "--messages", Integer.toString(MESSAGES), "--rate", "1000",
                        "--duration", "1", "--out", out.toString());

        Results results = Results.read(out.resolve("results.json"));
        ScenarioResult run = results.results().get(0);
        assertThat(run.error()).as("the run completed").isNull();
        List<Capability> cells = results.capabilities().get(broker);
        assertThat(cells).extracting(Capability::property)
                .containsExactlyElementsOf(Arrays.stream(Property.values()).map(Property::key).toList());
        for (Property property : Property.values()) {
            Capability cell = cells.get(property.ordinal());
            Optional<BrokerGap> gap = BrokerGap.of(broker, property);
            if (gap.isEmpty() || !gap.get().intermittent()) {
                assertThat(cell.held()).as("%s on %s: %s (declared gap: %s)", property.key(), broker, cell.measured(), gap)
                        .isEqualTo(gap.isEmpty());
            }
            assertThat(cell.gap()).isEqualTo(cell.held() ? null : gap.map(Enum::name).orElseThrow());
        }
        Map<Property, String> measured = Arrays.stream(Property.values())
                .collect(java.util.stream.Collectors.toMap(p -> p, p -> cells.get(p.ordinal()).measured()));
        String all = MESSAGES + " and " + MESSAGES + " of " + MESSAGES;
        if (cells.get(Property.FAN_OUT.ordinal()).held()) {
            assertThat(measured.get(Property.FAN_OUT)).isEqualTo(all);
        }
        if (cells.get(Property.BULK.ordinal()).held()) {
            assertThat(measured.get(Property.BULK)).isEqualTo(all);
        }
        if (cells.get(Property.REDELIVERY.ordinal()).held()) {
            assertThat(measured.get(Property.REDELIVERY)).startsWith("0 lost");
            assertThat(run.lost()).isZero();
            assertThat(run.sent()).isEqualTo(run.delivered()).isPositive();
        }
        if (cells.get(Property.REPLAY.ordinal()).held()) {
            assertThat(measured.get(Property.REPLAY)).startsWith("50 of 50");
        }
        assertThat(code).as(err.toString()).isZero();
        assertThat(run.passed()).isTrue();
        assertThat(Files.readString(out.resolve("report.md"))).contains("## The same Dapr agents on each broker",
                "| property | " + broker + " |", "| portability: brokers the same agents' events crossed between app-ids |");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().startInstant().map(started::isBefore).orElse(false))
                .map(p -> p.info().commandLine().orElse(""))
                .filter(command -> command.matches(".*(daprd|epmd|beam|nats-server|mosquitto|redis-server|broker-probe).*")))
                .as("processes left running").isEmpty();
    }
}
