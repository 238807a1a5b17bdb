package dev.agentsociety.comparison.scenario.scale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import java.util.List;

/**
 * The scale scenario's own figures in results.json ({@code details}): a run per population, style and slow agent.
 *
 * @param instances      customer-agents processes (direct: group instances; Dapr: apps, each with its daprd)
 * @param slowCustomer   the agent made slow in the {@code slow} runs, and what each note costs it
 * @param spreadSeconds  the time over which each run's activities (one per agent) are due
 * @param stoppedScaling per style ({@code events}, {@code sync}): the first population at which it stopped scaling,
 *                       and why; absent where it kept up to the largest population run
 */
public record ScaleDetails(int instances, String slowCustomer, long slownessMs, double spreadSeconds, List<Run> runs,
        List<Stop> stoppedScaling) {

    /**
     * One population, one style, with or without the slow agent.
     *
     * @param offeredPerSec   activities due per second (agents / spread)
     * @param activitiesPerSec activities over the time from the first one due to the last note taken
     * @param latencyMs       from each activity's intended send time to its last peer's taking the note
     * @param othersLatencyMs the same over the activities none of whose notes go to the slow agent
     * @param cpuMsPer1000Events the hosts' CPU (apps and sidecars) per 1,000 events (activities and notes)
     * @param rssMbPer1000Agents the hosts' peak resident memory per 1,000 agents hosted
     * @param badInput        the bad records written to both topics during the warm-up, and their dead letters
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(int agents, String style, boolean slow, double offeredPerSec, int activities, int notesExpected, int notesTaken,
            int missing, int unexpected, long duplicates, boolean completed, double activitiesPerSec, double notesPerSec,
            Latency latencyMs, Latency othersLatencyMs, double hostCpuSeconds, double hostPeakRssMb,
            double cpuMsPer1000Events, double rssMbPer1000Agents, BadInput badInput) {
    }

    /** Bad records written (each topic's {@link ScalePoison} set), dead-lettered, and dead-lettered with a reason. */
    public record BadInput(int sent, int deadLettered, int withReason) {

        @JsonIgnore
        public boolean allDeadLettered() {
            return deadLettered == sent && withReason == sent;
        }
    }

    /** Where a style stopped scaling, and the measured reason. */
    public record Stop(String style, int agents, String reason) {
    }
}
