package dev.agentsociety.comparison.scenario.fanout;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentsociety.comparison.measure.DeliveryTally;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.comparison.measure.SidecarMetrics;
import java.util.Map;

/**
 * Fan-out's own figures in results.json ({@code details}).
 *
 * @param signups       published, the warm-up included
 * @param timedSignups  published after the warm-up: the ones the latency and throughput are taken of
 * @param rate          offered signups per second, 0 for as fast as the publisher can
 * @param legsMs        where the time goes, each leg from its own timestamps: due → in the log, in the log → answered
 * @param byAnswerTopic the delivery tally of each answer topic (without the run's prefix)
 * @param sidecars      the Dapr agents' sidecars over the timed phase, by agent (absent in the direct variant)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FanOutDetails(int signups, int timedSignups, double rate, Legs legsMs, Map<String, DeliveryTally> byAnswerTopic,
        Map<String, SidecarMetrics.Phase> sidecars) {

    public record Legs(Latency publish, Latency agents) {
    }
}
