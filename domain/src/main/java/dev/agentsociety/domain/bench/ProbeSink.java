package dev.agentsociety.domain.bench;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's handler, the same in both variants: counts each run's probes, notices a probe handled twice,
 * and records end-to-end latency — from the publish call to this handler — in an HdrHistogram.
 */
public final class ProbeSink {

    private final Map<String, RunTally> runs = new ConcurrentHashMap<>();

    public void handle(Probe probe) {
        long now = Probe.nowMicros();
        runs.computeIfAbsent(probe.run(), r -> new RunTally()).record(probe.seq(), now, now - probe.sentAtMicros());
    }

    /** What this sink has handled of a run so far (all zero for a run it has not seen). */
    public Stats stats(String run) {
        RunTally tally = runs.get(run);
        return tally == null ? new Stats(run, 0, 0, 0, 0, 0, 0, 0, 0) : tally.stats(run);
    }

    /**
     * @param firstHandledMicros wall clock of the first handled probe
     * @param lastHandledMicros  wall clock of the last
     * @param p50Micros          end-to-end latency percentiles, publish call to handler, in microseconds
     */
    public record Stats(String run, long handled, long duplicates, long firstHandledMicros, long lastHandledMicros,
            long p50Micros, long p95Micros, long p99Micros, long maxMicros) {
    }

    private static final class RunTally {

        private final Histogram latencies = new Histogram(3_600_000_000L, 3);
        private final BitSet seen = new BitSet();
        private long handled;
        private long duplicates;
        private long first;
        private long last;

        synchronized void record(long seq, long now, long latencyMicros) {
            int index = Math.toIntExact(seq);
            if (seen.get(index)) {
                duplicates++;
                return;
            }
            seen.set(index);
            handled++;
            first = handled == 1 ? now : first;
            last = Math.max(last, now);
            latencies.recordValue(Math.max(0, Math.min(latencyMicros, latencies.getHighestTrackableValue())));
        }

        synchronized Stats stats(String run) {
            return new Stats(run, handled, duplicates, first, last, latencies.getValueAtPercentile(50),
                    latencies.getValueAtPercentile(95), latencies.getValueAtPercentile(99), latencies.getMaxValue());
        }
    }
}
