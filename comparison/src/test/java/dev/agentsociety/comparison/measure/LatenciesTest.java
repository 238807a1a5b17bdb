package dev.agentsociety.comparison.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.comparison.measure.ScenarioResult.Percentile;
import dev.agentsociety.domain.EventJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The percentile distribution a report's log-scale chart plots is HdrHistogram's, and agrees with the summary. */
class LatenciesTest {

    @Test
    void thePercentileDistributionRisesWithThePercentileAndMatchesTheSummary() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 1_000; ms++) {
            latencies.record(Duration.ofMillis(ms));
        }
        List<Percentile> distribution = latencies.percentiles();
        List<double[]> points = distribution.stream().map(p -> new double[] {p.percentile(), p.ms()}).toList();

        assertThat(points).as("points of the distribution").hasSizeGreaterThan(20);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i)[0]).as("percentiles rise").isGreaterThan(points.get(i - 1)[0]);
            assertThat(points.get(i)[1]).as("latencies do not fall").isGreaterThanOrEqualTo(points.get(i - 1)[1]);
        }
        assertThat(points.get(points.size() - 1)[0]).isLessThanOrEqualTo(99.9999);
        double[] median = points.stream().filter(p -> p[0] >= 50).findFirst().orElseThrow();
        assertThat(median[1]).as("the value at 50 %%").isCloseTo(latencies.summary().p50(), within(5.0));
        assertThat(median[1]).isCloseTo(500, within(5.0));
    }

    @Test
    void aPointIsWrittenAsAPairAndReadBack() throws Exception {
        Latencies latencies = new Latencies();
        latencies.record(Duration.ofMillis(7));
        Percentile first = latencies.percentiles().get(0);
        JsonNode written = EventJson.mapper().valueToTree(first);

        assertThat(written.isArray()).as("[percentile, ms], as results.json has had it since version 3").isTrue();
        assertThat(written.get(1).asDouble()).isEqualTo(first.ms());
        assertThat(EventJson.mapper().treeToValue(written, Percentile.class)).isEqualTo(first);
    }
}
