package dev.agentsociety.comparison.scenario.requestreply;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import java.util.Map;

/**
 * Sync versus async's own figures in results.json ({@code details}).
 *
 * @param styles each way of asking ({@code async-normal}, {@code sync-normal}, {@code async-slow}, {@code sync-slow}:
 *               the style, then the risk-agent), in the order they ran
 */
public record SyncVsAsyncDetails(int callers, long slowThinkingTimeMs, Map<String, Style> styles) {

    /** One way of asking, against one risk-agent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Style(int answered, int failed, String firstFailure, int peakInFlight, double throughputPerSec,
            Latency latencyMs) {
    }
}
