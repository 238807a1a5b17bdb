package dev.agentsociety.devstack.topology;

import java.util.Map;

/** One topic as the specification states it. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> config) {

    public TopicSpec {
        config = Map.copyOf(config);
    }
}
