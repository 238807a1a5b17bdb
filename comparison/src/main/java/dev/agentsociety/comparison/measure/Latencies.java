package dev.agentsociety.comparison.measure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.domain.EventJson;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** End-to-end latencies of one scenario run, in an HdrHistogram (1 µs to 10 min, 3 significant digits). */
public final class Latencies {

    private final Histogram histogram = new Histogram(1, Duration.ofMinutes(10).toNanos() / 1_000, 3);

    public synchronized void record(Duration latency) {
        histogram.recordValue(Math.max(1, Math.min(histogram.getHighestTrackableValue(), latency.toNanos() / 1_000)));
    }

    /** {@code {"p50":..,"p95":..,"p99":..,"max":..}} in milliseconds, as results.json has them. */
    public synchronized ObjectNode toJson() {
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("p50", millis(histogram.getValueAtPercentile(50)));
        json.put("p95", millis(histogram.getValueAtPercentile(95)));
        json.put("p99", millis(histogram.getValueAtPercentile(99)));
        json.put("max", millis(histogram.getMaxValue()));
        return json;
    }

    /**
     * The percentile distribution, HdrHistogram's own iteration (5 steps per halving of the distance to 100 %), as
     * {@code [[percentile, ms], ...]} up to 99.9999 %: what a log-scale percentile chart plots.
     */
    public synchronized ArrayNode percentiles() {
        ArrayNode points = EventJson.mapper().createArrayNode();
        for (HistogramIterationValue value : histogram.percentiles(5)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile > 99.9999 || value.getTotalCountToThisValue() == 0) {
                break;
            }
            points.addArray().add(Math.round(percentile * 10_000) / 10_000.0).add(millis(value.getValueIteratedTo()));
        }
        return points;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
