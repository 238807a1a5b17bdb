package dev.agentsociety.comparison.scenario.poison;

import java.util.Map;

/**
 * The poison scenario's own figures in results.json ({@code details}).
 *
 * @param records                  poison records written, each to every reader
 * @param validSignupAnsweredAfter a valid signup published after the poison was answered by every reader
 * @param allAliveAfter            every agent (and sidecar) alive and reporting healthy afterwards
 * @param lagAfter                 each consumer group's lag on the signups topic afterwards
 * @param kinds                    for each fixed kind of poison, what each reader answered (taken, or dead-lettered with why)
 * @param generatedTaken           of the {@code generated} property-based signups, those the agents took as valid
 */
public record PoisonDetails(int records, int readers, boolean validSignupAnsweredAfter, boolean allAliveAfter,
        Map<String, Long> lagAfter, Map<String, Map<String, String>> kinds, long generatedTaken, int generated) {
}
