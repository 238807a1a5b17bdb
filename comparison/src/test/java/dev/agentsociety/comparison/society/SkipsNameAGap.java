package dev.agentsociety.comparison.society;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Registered for every test of this module (junit-platform.properties, autodetection): a test that would be
 * skipped — an assumption that does not hold — fails instead, unless the skip names a documented
 * {@link CapabilityGap} ({@link Gaps#skip}). So a test cannot pass for one implementation and quietly not run for
 * the other.
 */
public final class SkipsNameAGap implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException && !(thrown instanceof Gaps.GapSkip)) {
            AssertionError unnamed = new AssertionError("a comparison test may skip only by naming a documented "
                    + "CapabilityGap (Gaps.skip); this one skipped with: " + thrown.getMessage());
            unnamed.initCause(thrown);
            throw unnamed;
        }
        throw thrown;
    }
}
