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
 * {@code topology/topics.yaml}, read: every topic with its partitions, replication factor and configs, who writes
 * and who reads it, and a dead-letter topic ({@code <topic>-dlq}) for each — written by the topic's consumers, which
 * dead-letter what they cannot take — all under the run's topic prefix; and every agent that appears as a
 * {@link Principal}, with its consumer groups and transactional ids.
 */
public record Topology(List<TopicSpec> topics, List<Principal> principals) {

    public static final String MIN_ISR = "min.insync.replicas";

    /**
     * An agent as the cluster knows it: {@code User:<name>}. {@code groups} are the consumer groups it may join (its
     * name by default, if it reads anything) and {@code transactionalIds} the transactional ids it may use; a name
     * ending in {@code *} stands for every name that starts with what comes before.
     */
    public record Principal(String name, List<String> groups, List<String> transactionalIds) {
        public Principal {
            groups = List.copyOf(groups);
            transactionalIds = List.copyOf(transactionalIds);
        }
    }

    public Topology {
        topics = List.copyOf(topics);
        principals = List.copyOf(principals);
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
            TopicSpec topic = spec(prefix + entry.getKey(), entry.getValue(), defaults, spec, names(entry.getValue(), "producers"),
                    names(entry.getValue(), "consumers"));
            topics.add(topic);
            if (entry.getValue().path("deadLetter").asBoolean(true)) { // a topic no agent consumes needs none
                topics.add(spec(topic.name() + "-dlq", deadLetters, defaults, spec, topic.consumers(), List.of()));
            }
        });
        return new Topology(topics, principals(topics, root.path("principals")));
    }

    private static List<String> names(JsonNode node, String field) {
        List<String> names = new ArrayList<>();
        node.path(field).forEach(name -> names.add(name.asText()));
        return names;
    }

    /** Every agent named as a producer or consumer, with what {@code principals:} adds to it. */
    private static List<Principal> principals(List<TopicSpec> topics, JsonNode declared) {
        Map<String, Boolean> reads = new LinkedHashMap<>();
        topics.forEach(topic -> {
            topic.producers().forEach(agent -> reads.putIfAbsent(agent, false));
            topic.consumers().forEach(agent -> reads.put(agent, true));
        });
        declared.fieldNames().forEachRemaining(agent -> reads.putIfAbsent(agent, false));
        List<Principal> principals = new ArrayList<>();
        reads.forEach((agent, reader) -> {
            JsonNode node = declared.path(agent);
            List<String> groups = node.has("groups") ? names(node, "groups") : reader ? List.of(agent) : List.of();
            principals.add(new Principal(agent, groups, names(node, "transactionalIds")));
        });
        return principals;
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
            fitted.add(topic.withReplication(replication, config));
        }
        return new Topology(fitted, principals);
    }

    public TopicSpec topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic " + name + " in the topology"));
    }

    private static TopicSpec spec(String name, JsonNode node, JsonNode defaults, Path file, List<String> producers,
            List<String> consumers) {
        int partitions = node.path("partitions").asInt(defaults.path("partitions").asInt(1));
        int replication = node.path("replicationFactor").asInt(defaults.path("replicationFactor").asInt(1));
        if (partitions < 1 || replication < 1) {
            throw new DevStackException(file + ": topic " + name + " needs partitions and replicationFactor >= 1");
        }
        Map<String, String> config = new LinkedHashMap<>();
        defaults.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        node.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return new TopicSpec(name, partitions, (short) replication, config, producers, consumers);
    }
}
