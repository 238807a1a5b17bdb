package dev.agentsociety.comparison.society;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.devstack.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class GapsTest {

    private static final CapabilityGap GAP = CapabilityGap.DAPR_SIDECAR_PANICS_ON_A_NULL_CLOUDEVENT;

    @TempDir
    Path dir;

    @BeforeEach
    void recordElsewhere() {
        Gaps.record = dir.resolve("gaps.json"); // not the suite's record
    }

    @Test
    void theCapableImplementationMustPassTheCheck() {
        assertThatThrownBy(() -> Gaps.expect(Implementation.DIRECT_KAFKA, GAP, () -> assertThat(1).isEqualTo(2)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theLackingImplementationMustFailItAndAGapThatNoLongerHoldsFailsTheSuite() throws Exception {
        Gaps.expect(Implementation.DAPR, GAP, () -> assertThat(1).isEqualTo(2));

        assertThatThrownBy(() -> Gaps.expect(Implementation.DAPR, GAP, () -> assertThat(1).isEqualTo(1)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("remove the gap");
        assertThat(Files.readString(Gaps.record)).contains(GAP.name(), GAP.description(), "expected: 2 but was: 1");
    }

    @Test
    void onlyASkipNamingAGapGetsThrough() {
        SkipsNameAGap handler = new SkipsNameAGap();
        TestAbortedException unnamed = catchAborted(() -> Assumptions.assumeTrue(false, "no broker today"));

        assertThatThrownBy(() -> handler.handleTestExecutionException(null, unnamed))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no broker today");
        assertThatThrownBy(() -> Gaps.skip(Implementation.DAPR, GAP)).isInstanceOf(Gaps.GapSkip.class)
                .satisfies(named -> assertThatThrownBy(() -> handler.handleTestExecutionException(null, named)).isSameAs(named));
        Gaps.skip(Implementation.DIRECT_KAFKA, GAP); // the capable one runs on
    }

    @Test
    void theGuaranteesPageNamesEveryGap() throws Exception {
        String readme = Files.readString(Repo.root().resolve("docs/guarantees.md"));
        for (CapabilityGap gap : CapabilityGap.values()) {
            assertThat(readme).as("docs/guarantees.md names %s", gap).contains(gap.description());
        }
    }

    private static TestAbortedException catchAborted(Runnable assumption) {
        try {
            assumption.run();
        } catch (TestAbortedException aborted) {
            return aborted;
        }
        throw new AssertionError("the assumption held");
    }
}
