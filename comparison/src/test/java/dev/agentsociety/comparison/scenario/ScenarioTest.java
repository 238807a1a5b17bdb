package dev.agentsociety.comparison.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.cli.Compare;
import dev.agentsociety.comparison.scenario.fanout.FanOutScenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScenarioTest {

    @Test
    void oneRegistryNamesEveryScenarioOnce() {
        assertThat(Scenario.all()).extracting(Scenario::name).doesNotHaveDuplicates()
                .containsExactly("fan-out", "consumer-groups", "sync-vs-async", "exactly-once", "exactly-once-naive",
                        "broker-faults", "network-faults", "poison", "replay", "benchmark", "broker-matrix", "security", "scale");
        assertThat(Compare.SCENARIOS).as("./compare's default: all but the benchmark, which takes minutes, and the "
                        + "transport faults, which take minutes and (broker-faults) three brokers")
                .containsExactly("fan-out", "consumer-groups", "sync-vs-async", "exactly-once", "exactly-once-naive", "poison",
                        "replay", "broker-matrix");
        assertThat(Scenario.all()).as("what runs on every broker").filteredOn(Scenario::portable).extracting(Scenario::name)
                .containsExactly("broker-matrix");
        assertThat(Scenario.all()).filteredOn(Scenario::sweepsRates).extracting(Scenario::name).containsExactly("fan-out");
    }

    @Test
    void compareWithScenariosAloneListsThemWithWhatEachDoes() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Compare()).setOut(new PrintWriter(out, true)).execute("--scenarios");

        assertThat(exit).isZero();
        for (Scenario scenario : Scenario.all()) {
            assertThat(out.toString()).contains(scenario.name() + " ").contains(scenario.summary());
        }
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Compare()).setErr(new PrintWriter(err, true)).execute("--scenarios", "fan-in");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario(s) [fan-in]");
    }

    @Test
    void aPopulationTooSmallForThreePeersIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Compare()).setErr(new PrintWriter(err, true)).execute("--scenarios", "scale", "--agents", "100,3");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--agents must be between 4 and 100000");
    }

    @Test
    void warmUpIsFiveSecondsAtTheRateOrAFifthAtMax() {
        assertThat(FanOutScenario.warmUp(100, 2_000)).isEqualTo(500);
        assertThat(FanOutScenario.warmUp(0, 20_000)).isEqualTo(4_000);
        assertThat(FanOutScenario.warmUp(5_000, 100_000)).isEqualTo(10_000);
        assertThat(FanOutScenario.warmUp(0, 3)).isEqualTo(1);
    }
}
