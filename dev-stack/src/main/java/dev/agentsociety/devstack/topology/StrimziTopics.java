package dev.agentsociety.devstack.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentsociety.devstack.DevStackException;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The topology as Strimzi {@code KafkaTopic} resources ({@value #API_VERSION}) for the Topic Operator of one Kafka
 * cluster: exactly the topics {@link TopologyApplier#apply} creates — every topic and dead-letter topic with its
 * partitions, replication factor and configs. The ACLs and Dapr scopes stay where they are ({@link TopologyAcls},
 * {@link DaprScopes}); a topic's producers and consumers are not part of a KafkaTopic.
 */
public final class StrimziTopics {

    public static final String API_VERSION = "kafka.strimzi.io/v1";
    /** A Kubernetes object name (RFC 1123 subdomain); a topic name that is not one goes into spec.topicName. */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private StrimziTopics() {
    }

    /** One KafkaTopic per topic, in the topology's order; {@code namespace} may be null (kubectl's, or kustomize's). */
    public static List<ObjectNode> of(Topology topology, String cluster, String namespace) {
        return topology.topics().stream().map(topic -> resource(topic, cluster, namespace)).toList();
    }

    /**
     * The same as one YAML stream, a document per topic, after {@code header} (comment lines, each starting with #):
     * the first document starts right after it, with no empty one before it.
     */
    public static String yaml(Topology topology, String cluster, String namespace, String header) {
        YAMLMapper yaml = YAMLMapper.builder().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
        StringBuilder out = new StringBuilder(header);
        try {
            for (ObjectNode resource : of(topology, cluster, namespace)) {
                out.append(out.length() > header.length() ? "---\n" : "").append(yaml.writeValueAsString(resource));
            }
        } catch (JsonProcessingException e) {
            throw new DevStackException("cannot write the KafkaTopic resources: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static ObjectNode resource(TopicSpec topic, String cluster, String namespace) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("apiVersion", API_VERSION).put("kind", "KafkaTopic");
        ObjectNode metadata = resource.putObject("metadata");
        boolean nameFits = RESOURCE_NAME.matcher(topic.name()).matches();
        metadata.put("name", nameFits ? topic.name()
                : topic.name().toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9.]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", ""));
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.putObject("labels").put("strimzi.io/cluster", cluster);
        ObjectNode spec = resource.putObject("spec");
        if (!nameFits) {
            spec.put("topicName", topic.name());
        }
        spec.put("partitions", topic.partitions()).put("replicas", topic.replicationFactor());
        ObjectNode config = spec.putObject("config");
        new TreeMap<>(topic.config()).forEach(config::put); // the spec's configs as it states them, in a stable order
        return resource;
    }
}
