package dev.agentsociety.comparison.scenario.groups;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consumer groups' own figures in results.json ({@code details}).
 *
 * @param recordedByInstance            deposits recorded by each ledger-agent instance
 * @param deadLettered                  records on the commands' dead-letter topic
 * @param rebalancesSeenByFirstInstance what the first instance was told ("assigned: ...", "revoked: ...", "lost: ..."),
 *                                      from its own log or its sidecar's
 * @param rebalances                    the group's assignments as the broker described them, in order
 */
public record ConsumerGroupDetails(Map<String, Long> recordedByInstance, long deadLettered,
        List<String> rebalancesSeenByFirstInstance, List<Rebalance> rebalances) {

    /** The assignment at one moment: partitions by member. */
    public record Rebalance(String at, Map<String, Set<Integer>> members) {
    }

    /** The assignments among the rebalances the first instance was told of. */
    public long assignmentsSeen() {
        return rebalancesSeenByFirstInstance.stream().filter(seen -> seen.startsWith("assigned")).count();
    }
}
