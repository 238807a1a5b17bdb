package dev.agentsociety.comparison.scenario.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scale scenario's judgement of what the hosts took, against the notes the peer graph implies. */
class ScaleAnalysisTest {

    private static final Instant DUE = Instant.parse("2026-12-04T00:00:00Z");
    private static final CustomerHosts.Setup SETUP = new CustomerHosts.Setup(10, "sync", CustomerAgents.customer(0), 100, 2);

    @Test
    void aCompleteRunHasNothingMissingOrUnexpectedAndTimesEachActivityByItsLastNote() {
        List<CustomerAgents.Applied> applied = notesOf("act-4", 1_000);
        applied.addAll(notesOf("act-9", 3_000));
        ScaleDetails.Run run = judge(List.of(new CustomerAgents.Effects(6, 2, 0, applied)));

        assertThat(List.of(run.notesExpected(), run.notesTaken(), run.missing(), run.unexpected(), (int) run.duplicates()))
                .containsExactly(6, 6, 0, 0, 0);
        assertThat(run.latencyMs().max()).as("act-9's last note, 3 ms + 2 µs after it was due").isEqualTo(3.0);
        // act-9 (c-00009) tells c-00000, the slow one: only act-4 counts among the others
        assertThat(run.othersLatencyMs().max()).isEqualTo(1.0);
    }

    @Test
    void aNoteTakenTwiceAcrossHostsIsADuplicateAndOneNeverTakenIsMissing() {
        List<CustomerAgents.Applied> first = notesOf("act-4", 1_000);
        List<CustomerAgents.Applied> second = new ArrayList<>(List.of(first.get(0)));
        second.add(new CustomerAgents.Applied("not-a-note", "c-00001", "act-4", micros(5)));
        ScaleDetails.Run run = judge(List.of(new CustomerAgents.Effects(3, 1, 1, first), new CustomerAgents.Effects(1, 1, 0, second)));

        assertThat(List.of(run.missing(), run.unexpected(), (int) run.duplicates())).as("act-9's three, not-a-note, repeats")
                .containsExactly(3, 1, 2);
    }

    @Test
    void aStyleStopsScalingAtTheFirstPopulationThatFallsBelowNinetyPercentOfItsOfferedRateOrDoesNotFinish() {
        List<ScaleDetails.Run> runs = List.of(run(100, "events", false, 10, 10, true), run(1_000, "events", false, 100, 95, true),
                run(10_000, "events", false, 1_000, 500, true), run(100, "sync", false, 10, 10, true),
                run(1_000, "sync", true, 100, 10, true), run(1_000, "sync", false, 100, 89, true),
                run(10_000, "sync", false, 1_000, 0, false));

        assertThat(ScaleScenario.stops(runs)).as("the slow agent's runs do not judge; 95 of 100 keeps up, 89 does not")
                .containsExactly(new ScaleDetails.Stop("events", 10_000, "500 activities/s of the 1000/s offered (p99 7 ms)"),
                        new ScaleDetails.Stop("sync", 1_000, "89 activities/s of the 100/s offered (p99 7 ms)"));
        assertThat(ScaleScenario.stops(List.of(runs.get(0), run(1_000, "sync", false, 100, 0, false))))
                .containsExactly(new ScaleDetails.Stop("sync", 1_000, "not every note was taken within the run's time limit"));
    }

    private static ScaleDetails.Run run(int agents, String style, boolean slow, double offered, double achieved, boolean completed) {
        ScenarioResult.Latency latency = new ScenarioResult.Latency(1, 2, 7, 9);
        return new ScaleDetails.Run(agents, style, slow, offered, agents, agents * 3, agents * 3, 0, 0, 0, completed, achieved,
                achieved * 3, latency, null, 1, 100, 1, 1, new ScaleDetails.BadInput(14, 14, 14));
    }

    private static ScaleDetails.Run judge(List<CustomerAgents.Effects> effects) {
        return ScaleScenario.analyse(SETUP, 10, Map.of("act-4", DUE, "act-9", DUE), Set.of("act-4", "act-9"), effects, List.of(), true,
                new ScaleDetails.BadInput(0, 0, 0));
    }

    /** The notes customer {@code activity}'s agent sends, each taken {@code micros} after the due time (+1 µs per peer). */
    private static List<CustomerAgents.Applied> notesOf(String activity, long micros) {
        int customer = Integer.parseInt(activity.substring(4));
        List<CustomerAgents.Applied> notes = new ArrayList<>();
        int i = 0;
        for (int peer : CustomerAgents.peersOf(customer, SETUP.population())) {
            String to = CustomerAgents.customer(peer);
            notes.add(new CustomerAgents.Applied(CustomerAgents.noteId(activity, to), to, activity, micros(0) + micros + i++));
        }
        return notes;
    }

    private static long micros(long plus) {
        return DUE.toEpochMilli() * 1000 + plus;
    }
}
