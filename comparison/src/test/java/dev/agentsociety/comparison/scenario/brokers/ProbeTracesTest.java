package dev.agentsociety.comparison.scenario.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix's figures from trace lines written by hand: what each count means, a cut line, another app's file. */
class ProbeTracesTest {

    @TempDir
    Path dir;

    @Test
    void countsDistinctDuplicatesSharesAndOrderFromTheLinesAlone() throws Exception {
        // keys are seq mod 2: key 0 = 0, 2, 4; key 1 = 1, 3. Instance 1 takes 0, 1, 2, then 4 before 3 is seen
        // anywhere; instance 2 takes 3 late, 2 again (a redelivery) and a cut line
        Files.writeString(dir.resolve("probe-group-1.trace"), String.join("\n",
                "H group 0 100 1000", "H group 1 100 1001", "H group 2 100 1002", "H group 4 100 1004",
                "D 1005 4 not a probe: null", "D 1006 0 -", "") );
        Files.writeString(dir.resolve("probe-group-2.trace"), String.join("\n",
                "H group 3 100 1003", "H group 2 100 1010", "H other 7 100 1011", "H group 5 10"));
        Files.writeString(dir.resolve("probe-group-other-1.trace"), "H group 9 100 1000\n");

        ProbeTraces traces = ProbeTraces.read(dir, "probe-group");

        assertThat(traces.distinct("group")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(traces.duplicates("group")).isEqualTo(1);
        assertThat(traces.byInstance("group")).isEqualTo(Map.of("probe-group-1", Set.of(0L, 1L, 2L, 4L),
                "probe-group-2", Set.of(3L, 2L)));
        // in handling order 0, 1, 2, 3, 4: no key goes back
        assertThat(traces.orderViolations("group", 2, 10)).isZero();
        assertThat(traces.lastFirstDeliveryMicros("group")).isEqualTo(1004);
        assertThat(traces.deadLetters()).extracting(ProbeTraces.DeadLetter::reason).containsExactly("not a probe: null", null);
        assertThat(traces.latencies("group").summary().max()).isEqualTo(0.904, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aProbeHandledAfterALaterOneOfItsKeyIsAnOrderViolationOnlyBelowTheCut() throws Exception {
        // key 0 (seq mod 2): 4 is handled before 2; key 1: 1 then 3, in order; 6 after 8 lies above the cut
        Files.writeString(dir.resolve("probe-a-1.trace"), String.join("\n", "H run 0 0 1", "H run 4 0 2", "H run 1 0 3",
                "H run 2 0 4", "H run 3 0 5", "H run 8 0 6", "H run 6 0 7", ""));

        ProbeTraces traces = ProbeTraces.read(dir, "probe-a");

        assertThat(traces.orderViolations("run", 2, 6)).isEqualTo(1);
        assertThat(traces.orderViolations("run", 2, 9)).isEqualTo(2);
        assertThat(ProbeTraces.read(dir.resolve("none"), "probe-a").distinct("run")).isEmpty();
    }
}
