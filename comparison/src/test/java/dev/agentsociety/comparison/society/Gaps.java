package dev.agentsociety.comparison.society;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * The one way a comparison test may treat the implementations differently: by naming a {@link CapabilityGap}.
 * {@link #expect} runs an assertion for the implementation that has the capability and, for the one that lacks
 * it, requires the assertion to fail — a gap that no longer holds fails the suite, so the list stays true.
 * {@link #skip} gives up on a whole test for the lacking implementation. Both record what they saw in
 * {@code target/comparison/gaps.json} for the report. Any other skip fails the test ({@link SkipsNameAGap}).
 */
public final class Gaps {

    /** Where observed gaps are written (a test of this class points it elsewhere). */
    static Path record = ScenarioResult.SUITE_RESULTS.resolve("gaps.json");

    /** An assertion that may throw AssertionError. */
    public interface Check {
        void run() throws Exception;
    }

    /** A skip that names its gap: the only skip {@link SkipsNameAGap} lets through. */
    static final class GapSkip extends TestAbortedException {
        GapSkip(CapabilityGap gap) {
            super(gap.lacking().label() + " lacks a capability: " + gap.description() + " (" + gap.name() + ")");
        }
    }

    private static final Map<String, String> observed = new TreeMap<>();

    private Gaps() {
    }

    public static void expect(Implementation implementation, CapabilityGap gap, Check check) throws Exception {
        expect(implementation, gap, check, () -> { });
    }

    /**
     * As {@link #expect(Implementation, CapabilityGap, Check)}, and where the gap holds its {@code symptom} must hold
     * too: the check fails for the gap's own reason, not for any.
     */
    public static void expect(Implementation implementation, CapabilityGap gap, Check check, Check symptom) throws Exception {
        if (implementation == gap.lacking()) {
            symptom.run();
        }
        if (implementation != gap.lacking()) {
            check.run();
            return;
        }
        try {
            check.run();
        } catch (AssertionError asExpected) {
            record(gap, gist(asExpected.getMessage()));
            return;
        }
        throw new AssertionError(implementation.label() + " now does what " + gap.name()
                + " says it cannot (" + gap.description() + "): remove the gap from CapabilityGap and docs/guarantees.md");
    }

    static void skip(Implementation implementation, CapabilityGap gap) {
        if (implementation == gap.lacking()) {
            record(gap, "skipped");
            throw new GapSkip(gap);
        }
    }

    /** The gist of an assertion message: its first lines on one line (AssertJ's "[what] expected: x but was: y"). */
    private static String gist(String message) {
        String gist = (message == null ? "" : message).lines().map(String::strip).filter(line -> !line.isEmpty())
                .limit(3).collect(Collectors.joining(" "));
        return gist.length() <= 300 ? gist : gist.substring(0, 300) + " ...";
    }

    private static synchronized void record(CapabilityGap gap, String evidence) {
        observed.put(gap.name(), evidence);
        ArrayNode gaps = EventJson.mapper().createArrayNode();
        observed.forEach((name, seen) -> {
            CapabilityGap known = CapabilityGap.valueOf(name);
            gaps.addObject().put("gap", name).put("implementation", known.lacking().label())
                    .put("description", known.description()).put("observed", seen);
        });
        try {
            Files.createDirectories(record.getParent());
            Files.writeString(record, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(gaps));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
