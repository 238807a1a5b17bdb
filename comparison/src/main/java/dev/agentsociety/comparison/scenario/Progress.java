package dev.agentsociety.comparison.scenario;

/** What a scenario tells about its way through a phase: a runner draws a bar from it, a test ignores it. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void phase(String name, long total) {
        }

        @Override
        public void done(long count) {
        }
    };

    /** A phase begins, with {@code total} steps (0 when unknown). */
    void phase(String name, long total);

    /** {@code count} steps of the current phase are done. */
    void done(long count);
}
