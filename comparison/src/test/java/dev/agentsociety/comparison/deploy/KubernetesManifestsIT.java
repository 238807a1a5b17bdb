package dev.agentsociety.comparison.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.StackVersions;
import dev.agentsociety.devstack.topology.TopicSpec;
import dev.agentsociety.devstack.topology.Topology;
import dev.agentsociety.direct.DirectAgentMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s as a user would apply it, validated offline: kubeconform (built by tools/kubeconform/install.sh) checks
 * every manifest against the schemas vendored in deploy/k8s/schemas and nothing else — no schema from the network —
 * and every resource must be valid, none skipped, and exactly the resources the repository implies: a Deployment per
 * agent of dapr.yaml, one per direct twin DirectAgentMain runs, a KafkaTopic per topic of topology/topics.yaml. A
 * broken copy shows the check is real. Nothing here reaches a cluster: docs/kubernetes.md says what this leaves open.
 */
class KubernetesManifestsIT {

    static final String KUBERNETES_VERSION = "1.33.0";
    static final Path DEPLOY = Repo.root().resolve("deploy/k8s");
    static final Path SCHEMAS = DEPLOY.resolve("schemas");
    static final List<String> FOLDERS = List.of("kafka", "dapr", "agents", "direct");
    static final YAMLMapper YAML = new YAMLMapper();

    static Path kubeconform;

    @BeforeAll
    static void install() throws Exception {
        Path script = Repo.root().resolve("tools/kubeconform/install.sh");
        assertThat(ChildProcess.runEchoing(List.of("bash", script.toString()))).as(script + " (its output above)").isZero();
        String home = System.getenv().getOrDefault("KUBECONFORM_HOME", System.getProperty("user.home") + "/.kubeconform");
        kubeconform = Path.of(home, "bin", "kubeconform");
        assertThat(kubeconform).isExecutable();
    }

    @Test
    void everyManifestIsValidAgainstTheVendoredSchemasAndTheSetIsExactlyTheSociety() throws Exception {
        JsonNode report = validate(manifests());

        assertThat(report.path("summary").path("invalid").asInt()).as(report.toPrettyString()).isZero();
        assertThat(report.path("summary").path("errors").asInt()).as(report.toPrettyString()).isZero();
        assertThat(report.path("summary").path("skipped").asInt()).as(report.toPrettyString()).isZero();
        List<String> validated = new ArrayList<>();
        report.path("resources").forEach(resource -> {
            assertThat(resource.path("status").asText()).as(resource.toPrettyString()).isEqualTo("statusValid");
            validated.add(resource.path("kind").asText() + "/" + resource.path("name").asText());
        });
        assertThat(report.path("summary").path("valid").asInt()).isEqualTo(validated.size());

        List<String> expected = new ArrayList<>(List.of("Kafka/agent-society", "KafkaNodePool/dual-role",
                "Component/pubsub", "Configuration/agent-society"));
        topology().topics().forEach(topic -> expected.add("KafkaTopic/" + topic.name()));
        daprAgents().forEach(agent -> expected.add("Deployment/" + agent));
        directAgents().forEach(agent -> expected.add("Deployment/" + agent + "-direct"));
        assertThat(validated).containsExactlyInAnyOrderElementsOf(expected);
        System.out.printf("kubeconform %s: %d resources valid (%s), 0 invalid, 0 errors, 0 skipped%n",
                kubeconform, validated.size(), countByKind(validated));
    }

    @Test
    void aBrokenManifestIsReportedInvalid(@TempDir Path dir) throws Exception {
        ObjectNode deployment = (ObjectNode) read(DEPLOY.resolve("agents/welcome-agent.yaml")).get(0);
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        ObjectNode topic = (ObjectNode) read(DEPLOY.resolve("kafka/topics.yaml")).get(0);
        ((ObjectNode) topic.path("spec")).put("partitions", "six");
        ObjectNode component = (ObjectNode) read(DEPLOY.resolve("dapr/pubsub.yaml")).get(0);
        ((ObjectNode) component.path("spec")).remove("type");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, YAML.writeValueAsString(deployment) + YAML.writeValueAsString(topic)
                + YAML.writeValueAsString(component));

        JsonNode report = validate(List.of(broken));

        assertThat(report.path("summary").path("invalid").asInt()).as(report.toPrettyString()).isEqualTo(3);
        Map<String, String> why = new LinkedHashMap<>();
        report.path("resources").forEach(r -> why.put(r.path("kind").asText(), r.path("msg").asText()));
        assertThat(why.get("Deployment")).contains("additional properties 'imagePullPolicyy' not allowed");
        assertThat(why.get("KafkaTopic")).contains("/spec/partitions").contains("want integer");
        assertThat(why.get("Component")).contains("missing property 'type'");
    }

    @Test
    void theManifestsSayWhatTheRepositorySays() throws Exception {
        JsonNode kafka = read(DEPLOY.resolve("kafka/kafka.yaml")).stream()
                .filter(r -> r.path("kind").asText().equals("Kafka")).findFirst().orElseThrow();
        JsonNode pool = read(DEPLOY.resolve("kafka/kafka.yaml")).stream()
                .filter(r -> r.path("kind").asText().equals("KafkaNodePool")).findFirst().orElseThrow();
        assertThat(kafka.at("/spec/kafka/version").asText()).as("pom.xml kafka.version").isEqualTo(StackVersions.kafka());
        assertThat(kafka.at("/metadata/annotations/strimzi.io~1kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText()).isEqualTo("enabled");
        assertThat(pool.at("/spec/roles").toString()).contains("controller", "broker");
        int largestReplication = topology().topics().stream().mapToInt(TopicSpec::replicationFactor).max().orElseThrow();
        assertThat(pool.at("/spec/replicas").asInt()).as("nodes for the spec's replication").isGreaterThanOrEqualTo(largestReplication);
        assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
        String bootstrap = kafka.at("/metadata/name").asText() + "-kafka-bootstrap:" + kafka.at("/spec/kafka/listeners/0/port").asText();

        // the pub/sub component is components/kafka's, with the cluster's address for the brokers
        Map<String, String> local = metadata(read(Repo.components("kafka").resolve("pubsub.yaml")).get(0));
        Map<String, String> deployed = metadata(read(DEPLOY.resolve("dapr/pubsub.yaml")).get(0));
        local.put("brokers", bootstrap);
        assertThat(deployed).isEqualTo(local);

        for (String agent : daprAgents()) {
            JsonNode pod = read(DEPLOY.resolve("agents/" + agent + ".yaml")).get(0).at("/spec/template");
            JsonNode annotations = pod.at("/metadata/annotations");
            JsonNode app = pod.at("/spec/containers/0");
            assertThat(annotations.path("dapr.io/enabled").asText()).isEqualTo("true");
            assertThat(annotations.path("dapr.io/app-id").asText()).isEqualTo(agent);
            assertThat(annotations.path("dapr.io/app-port").asText()).isEqualTo(port(app, "http"));
            assertThat(annotations.path("dapr.io/block-shutdown-duration").asText()).isNotEmpty();
            // Dapr's production guidelines for a sidecar
            assertThat(annotations.path("dapr.io/sidecar-cpu-request").asText()).isEqualTo("100m");
            assertThat(annotations.path("dapr.io/sidecar-cpu-limit").asText()).isEqualTo("300m");
            assertThat(annotations.path("dapr.io/sidecar-memory-request").asText()).isEqualTo("250Mi");
            assertThat(annotations.path("dapr.io/sidecar-memory-limit").asText()).isEqualTo("1000Mi");
            assertThat(annotations.path("dapr.io/config").asText()).isEqualTo("agent-society");
            assertThat(app.path("command").toString()).endsWith(",\"" + agent + "\"]");
            assertThat(app.at("/livenessProbe/httpGet/path").asText()).startsWith("/actuator/health");
            assertThat(app.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health");
            assertThat(app.at("/resources/limits/memory").asText()).isNotEmpty();
        }
        for (String agent : directAgents()) {
            JsonNode app = read(DEPLOY.resolve("direct/" + agent + ".yaml")).get(0).at("/spec/template/spec/containers/0");
            Map<String, String> env = new LinkedHashMap<>();
            app.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            assertThat(app.path("command").toString()).contains(DirectAgentMain.class.getName()).endsWith(",\"" + agent + "\"]");
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(bootstrap);
            assertThat(env.get("MANAGEMENT_SERVER_PORT")).isEqualTo(port(app, "health"));
            assertThat(env.get("MANAGEMENT_SERVER_ADDRESS")).isEqualTo("0.0.0.0");
            assertThat(app.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health");
            assertThat(app.at("/readinessProbe/httpGet/port").asText()).isEqualTo("health");
        }
    }

    @Test
    void eachKustomizationListsExactlyTheManifestsOfItsFolder() throws Exception {
        for (String folder : FOLDERS) {
            List<String> listed = new ArrayList<>();
            read(DEPLOY.resolve(folder).resolve("kustomization.yaml")).get(0).path("resources").forEach(r -> listed.add(r.asText()));
            try (Stream<Path> files = Files.list(DEPLOY.resolve(folder))) {
                assertThat(listed).as(folder).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                        .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList());
            }
        }
        List<String> top = new ArrayList<>();
        read(DEPLOY.resolve("kustomization.yaml")).get(0).path("resources").forEach(r -> top.add(r.asText()));
        assertThat(top).containsExactly("kafka", "dapr", "agents");
    }

    /** kubeconform's report on {@code files}: strict, only the vendored schemas, and no way out to the network. */
    private static JsonNode validate(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubeconform.toString(), "-strict", "-summary", "-verbose",
                "-output", "json", "-kubernetes-version", KUBERNETES_VERSION,
                "-schema-location", SCHEMAS.resolve("kubernetes").toString(),
                "-schema-location", SCHEMAS.resolve("crds") + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"));
        files.forEach(file -> command.add(file.toString()));
        Path out = Files.createTempFile("kubeconform", ".json");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        // a schema fetched over HTTP(S) would fail through this proxy, and show as an error
        Stream.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy").forEach(v -> builder.environment().put(v, "http://127.0.0.1:9"));
        builder.environment().remove("NO_PROXY");
        builder.environment().remove("no_proxy");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubeconform ended within a minute").isTrue();
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /** Every manifest a user applies: the YAML files of deploy/k8s's folders, not the schemas nor the kustomizations. */
    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> manifests = files.filter(f -> f.toString().endsWith(".yaml") && !f.startsWith(SCHEMAS)
                    && !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
            assertThat(manifests).allSatisfy(f -> assertThat(FOLDERS).contains(DEPLOY.relativize(f).getName(0).toString()));
            return manifests;
        }
    }

    /** The app-ids of dapr.yaml: the Dapr society. */
    private static List<String> daprAgents() throws IOException {
        List<String> agents = new ArrayList<>();
        read(Repo.root().resolve("dapr.yaml")).get(0).path("apps").forEach(app -> agents.add(app.path("appID").asText()));
        assertThat(agents).isNotEmpty();
        return agents;
    }

    /** The same society's agents that DirectAgentMain runs as processes of their own. */
    private static List<String> directAgents() throws IOException {
        return daprAgents().stream().filter(DirectAgentMain.AGENTS::containsKey).toList();
    }

    private static Topology topology() {
        return Topology.load(Repo.root().resolve("topology/topics.yaml"), "");
    }

    private static List<JsonNode> read(Path file) throws IOException {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll().stream().filter(d -> d != null && !d.isMissingNode() && !d.isNull()).toList();
        }
    }

    private static Map<String, String> metadata(JsonNode component) {
        Map<String, String> metadata = new LinkedHashMap<>();
        component.at("/spec/metadata").forEach(m -> metadata.put(m.path("name").asText(),
                m.has("value") ? m.path("value").asText() : m.path("secretKeyRef").toString()));
        return metadata;
    }

    private static String port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asText();
            }
        }
        throw new AssertionError("no port named " + name + " in " + container);
    }

    private static Map<String, Long> countByKind(List<String> resources) {
        Map<String, Long> counts = new TreeMap<>();
        resources.forEach(r -> counts.merge(r.substring(0, r.indexOf('/')), 1L, Long::sum));
        return counts;
    }
}
