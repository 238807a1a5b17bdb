package dev.agentsociety.devstack.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentsociety.devstack.DevStackException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code topology/topics.yaml}, read: every topic with its partitions, replication factor and configs, and a
 * dead-letter topic ({@code <topic>-dlq}) for each, all under the run's topic prefix.
 */
public record Topology(List<TopicSpec> topics) {

    public static final String MIN_ISR = "min.insync.replicas";

    public Topology {
        topics = List.copyOf(topics);
    }

    public static Topology load(Path spec, String prefix) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(spec.toFile());
        } catch (IOException e) {
            throw new DevStackException("cannot read the topology " + spec + ": " + e.getMessage(), e);
        }
        JsonNode defaults = root.path("defaults");
        JsonNode deadLetters = root.path("deadLetters");
        if (!root.path("topics").isObject() || root.path("topics").isEmpty()) {
            throw new DevStackException(spec + " names no topics (expected a `topics:` map)");
        }
        List<TopicSpec> topics = new ArrayList<>();
        root.path("topics").fields().forEachRemaining(entry -> {
            TopicSpec topic = spec(prefix + entry.getKey(), entry.getValue(), defaults, spec);
            topics.add(topic);
            if (entry.getValue().path("deadLetter").asBoolean(true)) { // a topic no agent consumes needs none
                topics.add(spec(topic.name() + "-dlq", deadLetters, defaults, spec));
            }
        });
        return new Topology(topics);
    }

    /**
     * The same topology lowered to what a smaller cluster can hold: replication factor at most the number of
     * brokers, min.insync.replicas at most the replication factor. {@code notes} says what was lowered.
     */
    public Topology fitTo(int brokers, List<String> notes) {
        List<TopicSpec> fitted = new ArrayList<>();
        for (TopicSpec topic : topics) {
            short replication = (short) Math.min(topic.replicationFactor(), brokers);
            Map<String, String> config = new LinkedHashMap<>(topic.config());
            if (config.containsKey(MIN_ISR) && Integer.parseInt(config.get(MIN_ISR)) > replication) {
                config.put(MIN_ISR, Integer.toString(replication));
            }
            if (replication != topic.replicationFactor() || !config.equals(topic.config())) {
                notes.add(topic.name() + ": replication factor " + topic.replicationFactor() + " -> " + replication
                        + ", " + MIN_ISR + " " + topic.config().get(MIN_ISR) + " -> " + config.get(MIN_ISR)
                        + " (the cluster has " + brokers + " broker(s))");
            }
            fitted.add(new TopicSpec(topic.name(), topic.partitions(), replication, config));
        }
        return new Topology(fitted);
    }

    public TopicSpec topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic " + name + " in the topology"));
    }

    private static TopicSpec spec(String name, JsonNode node, JsonNode defaults, Path file) {
        int partitions = node.path("partitions").asInt(defaults.path("partitions").asInt(1));
        int replication = node.path("replicationFactor").asInt(defaults.path("replicationFactor").asInt(1));
        if (partitions < 1 || replication < 1) {
            throw new DevStackException(file + ": topic " + name + " needs partitions and replicationFactor >= 1");
        }
        Map<String, String> config = new LinkedHashMap<>();
        defaults.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        node.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return new TopicSpec(name, partitions, (short) replication, config);
    }
}
