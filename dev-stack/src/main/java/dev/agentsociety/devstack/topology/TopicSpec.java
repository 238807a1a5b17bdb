package dev.agentsociety.devstack.topology;

import java.util.List;
import java.util.Map;

/**
 * One topic as the specification states it, with the agents that write it ({@code producers}) and read it
 * ({@code consumers}): the principals its ACLs and Dapr's pub/sub scopes grant.
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> config,
        List<String> producers, List<String> consumers) {

    public TopicSpec {
        config = Map.copyOf(config);
        producers = List.copyOf(producers);
        consumers = List.copyOf(consumers);
    }

    TopicSpec withReplication(short replication, Map<String, String> config) {
        return new TopicSpec(name, partitions, replication, config, producers, consumers);
    }
}
