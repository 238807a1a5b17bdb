package dev.agentsociety.comparison.scenario.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.domain.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scale scenario's smallest size, identical for both implementations: 100 customer agents on two host processes,
 * one activity each, told to three peers by events and by synchronous calls while one agent is slow — every note the
 * peer graph implies is taken, none that it does not, and every bad record on either topic is dead-lettered with a
 * reason. (The curve, and the runs without a slow agent, are ./compare's: --scenarios scale --agents 100,1000,10000.)
 */
class ScaleIT {

    private static final int AGENTS = 100;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyAgentTellsExactlyItsPeersByEventsAndSynchronously(Implementation implementation) {
        ScenarioResult result = ScaleScenario.run(implementation, SuiteKafka.get(), SuiteKafka.freshTopics("scale", implementation.label()),
                Path.of("target", "it-logs"), new ScaleScenario.Settings(List.of(AGENTS), 2, Duration.ofSeconds(2), AGENTS, 100, Duration.ofMinutes(2),
                        List.of(true)),
                Progress.NONE);
        Path out = result.write(ScenarioResult.SUITE_RESULTS);
        ScaleDetails details = result.details(ScaleDetails.class).orElseThrow();

        assertThat(details.runs()).as("runs (%s)", out).extracting(run -> run.style() + (run.slow() ? "-slow" : ""))
                .containsExactly("events-slow", "sync-slow");
        for (ScaleDetails.Run run : details.runs()) {
            assertThat(run.activities()).isEqualTo(AGENTS);
            assertThat(run.notesExpected()).as("warm-up and measured activities, three peers each")
                    .isEqualTo((AGENTS + AGENTS) * 3);
            assertThat(List.of(run.completed(), run.missing(), run.unexpected(), run.notesTaken()))
                    .as("%s %s: completed, missing, unexpected, taken (%s)", run.style(), run.slow() ? "slow" : "", out)
                    .containsExactly(true, 0, 0, run.notesExpected());
            int poison = ScalePoison.forTopics(new Topics("")).values().stream().mapToInt(Map::size).sum();
            assertThat(run.badInput()).as("bad records on customer-activity and peer-notes, each dead-lettered with a reason")
                    .isEqualTo(new ScaleDetails.BadInput(poison, poison, poison));
        }
        assertThat(result.passed()).isTrue();
    }
}
