package dev.agentsociety.comparison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.comparison.bench.Sweep.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep grows one dimension at a time from the base, and steps that share their handlers follow each other. */
class SweepTest {

    @Test
    void growsOneDimensionAtATimeFromTheFirstValues() {
        Sweep sweep = new Sweep(List.of(6, 24, 96), List.of(1, 3, 6), List.of(100, 1024, 10240));

        assertThat(sweep.base()).isEqualTo(new Step(6, 1, 100));
        assertThat(sweep.steps()).containsExactly(
                new Step(6, 1, 100), new Step(6, 1, 1024), new Step(6, 1, 10240), // payload, on the base's handlers
                new Step(6, 3, 100), new Step(6, 6, 100), // the base's handlers and more
                new Step(24, 1, 100), new Step(96, 1, 100));
        assertThat(sweep.idleInstances()).isEmpty();
    }

    @Test
    void oneValueEachIsThePayloadsAtTheAgentsPartitionsAsBefore() {
        assertThat(new Sweep(List.of(6), List.of(1), List.of(100, 1024)).steps())
                .containsExactly(new Step(6, 1, 100), new Step(6, 1, 1024));
    }

    @Test
    void aRepeatedValueIsMeasuredOnceAndTheBaseNeedNotBeTheSmallest() {
        assertThat(new Sweep(List.of(24, 6, 24), List.of(2, 1), List.of(100)).steps())
                .containsExactly(new Step(24, 2, 100), new Step(24, 1, 100), new Step(6, 2, 100));
    }

    @Test
    void instancesBeyondThePartitionsAreNamedAsIdle() {
        assertThat(new Sweep(List.of(2, 4), List.of(1, 3), List.of(100)).idleInstances())
                .containsExactly("3 instances on 2 partitions: 1 idle");
    }

    @Test
    void everyDimensionNeedsAValue() {
        assertThatThrownBy(() -> new Sweep(List.of(), List.of(1), List.of(100))).isInstanceOf(IllegalArgumentException.class);
    }
}
