package dev.agentsociety.domain.bench;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's handler, the same in both variants: counts each run's probes, notices a probe handled twice,
 * and records end-to-end latency — from the publish call to this handler — in an HdrHistogram. Several instances of
 * one handler each keep their own; {@link #merge} makes one run's figures of their {@link Tally tallies}: a probe
 * two instances handled is a duplicate, and the percentiles are those of every probe.
 */
public final class ProbeSink {

    private static final long HIGHEST_MICROS = 3_600_000_000L;

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

    /** Everything this sink knows of a run — which probes, and every latency — for {@link #merge} with other instances'. */
    public Tally tally(String run) {
        RunTally tally = runs.get(run);
        return tally == null ? new Tally(run, 0, 0, 0, 0, new byte[0], encode(new Histogram(HIGHEST_MICROS, 3))) : tally.tally(run);
    }

    /**
     * One run's figures from the tallies of every instance that took part: handled = probes seen by any, duplicates =
     * those each saw twice plus those more than one instance saw; the latency percentiles are over what each instance timed (a probe two instances
     * handled is timed twice: no clean run has one).
     */
    public static Stats merge(String run, List<Tally> tallies) {
        BitSet union = new BitSet();
        Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        long handledByEach = 0;
        long duplicates = 0;
        long first = 0;
        long last = 0;
        for (Tally tally : tallies) {
            union.or(BitSet.valueOf(tally.seen()));
            latencies.add(decode(tally.latencies()));
            handledByEach += tally.handled();
            duplicates += tally.duplicates();
            if (tally.handled() > 0) {
                first = first == 0 ? tally.firstHandledMicros() : Math.min(first, tally.firstHandledMicros());
                last = Math.max(last, tally.lastHandledMicros());
            }
        }
        long handled = union.cardinality();
        return new Stats(run, handled, duplicates + handledByEach - handled, first, last, latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(95), latencies.getValueAtPercentile(99), latencies.getMaxValue());
    }

    /**
     * @param firstHandledMicros wall clock of the first handled probe
     * @param lastHandledMicros  wall clock of the last
     * @param p50Micros          end-to-end latency percentiles, publish call to handler, in microseconds
     */
    public record Stats(String run, long handled, long duplicates, long firstHandledMicros, long lastHandledMicros,
            long p50Micros, long p95Micros, long p99Micros, long maxMicros) {
    }

    /**
     * One instance's account of a run: its counts, the probes it handled (a bit per sequence number, as
     * {@link BitSet#toByteArray}) and its latencies (HdrHistogram's compressed encoding). JSON carries the bytes as Base64.
     */
    public record Tally(String run, long handled, long duplicates, long firstHandledMicros, long lastHandledMicros,
            byte[] seen, byte[] latencies) {
    }

    private static byte[] encode(Histogram histogram) {
        // deflate may (rarely) add to what it cannot shrink: room beyond the plain encoding's size
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity() + 1024);
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static Histogram decode(byte[] bytes) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    private static final class RunTally {

        private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
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

        synchronized Tally tally(String run) {
            return new Tally(run, handled, duplicates, first, last, seen.toByteArray(), encode(latencies));
        }
    }
}
