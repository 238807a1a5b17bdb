package dev.agentsociety.devstack.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentsociety.devstack.DevStackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Dapr's side of the same grants as {@link TopologyAcls}, for a pub/sub component: {@code publishingScopes} (each
 * agent, the topics it produces), {@code subscriptionScopes} (the topics it consumes), {@code allowedTopics} (the
 * topology's topics, no other) and {@code protectedTopics} (all of them: an app-id the scopes do not name may use
 * none — without it daprd lets an unnamed app-id use every topic), and the component's {@code scopes} (the app-ids
 * that may load it). An agent that may use no topic of a kind is written {@code agent=}: daprd then allows it none.
 */
public record DaprScopes(Map<String, String> metadata, List<String> apps) {

    public static final List<String> METADATA = List.of("publishingScopes", "subscriptionScopes", "allowedTopics", "protectedTopics");

    public static DaprScopes of(Topology topology) {
        List<String> apps = topology.principals().stream().map(Topology.Principal::name).toList();
        String topics = topology.topics().stream().map(TopicSpec::name).collect(Collectors.joining(","));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("publishingScopes", scopes(topology, apps, TopicSpec::producers));
        metadata.put("subscriptionScopes", scopes(topology, apps, TopicSpec::consumers));
        metadata.put("allowedTopics", topics);
        metadata.put("protectedTopics", topics);
        return new DaprScopes(metadata, apps);
    }

    private static String scopes(Topology topology, List<String> apps, Function<TopicSpec, List<String>> who) {
        return apps.stream().map(app -> app + "=" + topology.topics().stream().filter(t -> who.apply(t).contains(app))
                .map(TopicSpec::name).collect(Collectors.joining(","))).collect(Collectors.joining(";"));
    }

    /** What {@code component} (a pub/sub component YAML) says for each of {@link #METADATA}, and its scopes. */
    public static DaprScopes in(Path component) {
        JsonNode root = read(component);
        Map<String, String> metadata = new LinkedHashMap<>();
        root.path("spec").path("metadata").forEach(entry -> {
            if (METADATA.contains(entry.path("name").asText())) {
                metadata.put(entry.path("name").asText(), entry.path("value").asText());
            }
        });
        List<String> apps = new ArrayList<>();
        root.path("scopes").forEach(app -> apps.add(app.asText()));
        return new DaprScopes(metadata, apps);
    }

    /**
     * Writes {@code component} to {@code target} with these scopes in place of its own (a run's prefixed topics), and
     * the metadata of {@code extra} set (added, or in place of what it says).
     */
    public void render(Path component, Path target, Map<String, String> extra) {
        ObjectNode root = (ObjectNode) read(component);
        Map<String, String> values = new LinkedHashMap<>(metadata);
        values.putAll(extra);
        ArrayNode entries = (ArrayNode) root.path("spec").path("metadata");
        entries.forEach(entry -> {
            String value = values.remove(entry.path("name").asText());
            if (value != null) {
                ((ObjectNode) entry).put("value", value);
            }
        });
        values.forEach((name, value) -> entries.addObject().put("name", name).put("value", value));
        ArrayNode scopes = root.putArray("scopes");
        apps.forEach(scopes::add);
        try {
            Files.createDirectories(target.getParent());
            new YAMLMapper().writeValue(target.toFile(), root);
        } catch (IOException e) {
            throw new DevStackException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path component) {
        try {
            return new YAMLMapper().readTree(component.toFile());
        } catch (IOException e) {
            throw new DevStackException("cannot read the component " + component + ": " + e.getMessage(), e);
        }
    }
}
