package dev.agentsociety.comparison.measure;

import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.comparison.measure.ScenarioResult.Percentile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** End-to-end latencies of one scenario run, in an HdrHistogram (1 µs to 10 min, 3 significant digits). */
public final class Latencies {

    private final Histogram histogram = new Histogram(1, Duration.ofMinutes(10).toNanos() / 1_000, 3);

    public synchronized void record(Duration latency) {
        histogram.recordValue(Math.max(1, Math.min(histogram.getHighestTrackableValue(), latency.toNanos() / 1_000)));
    }

    /** p50, p95, p99 and max in milliseconds, as results.json has them. */
    public synchronized Latency summary() {
        return new Latency(millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(95)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getMaxValue()));
    }

    /**
     * The percentile distribution, HdrHistogram's own iteration (5 steps per halving of the distance to 100 %), as
     * {@code [[percentile, ms], ...]} up to 99.9999 %: what a log-scale percentile chart plots.
     */
    public synchronized List<Percentile> percentiles() {
        List<Percentile> points = new ArrayList<>();
        for (HistogramIterationValue value : histogram.percentiles(5)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile > 99.9999 || value.getTotalCountToThisValue() == 0) {
                break;
            }
            points.add(new Percentile(Math.round(percentile * 10_000) / 10_000.0, millis(value.getValueIteratedTo())));
        }
        return points;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
