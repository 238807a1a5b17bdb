package dev.agentsociety.devstack.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a multi-app run template ({@code dapr.yaml}) declares: each app-id with its app port, every port fixed for
 * the apps and their sidecars ("welcome-agent daprGRPCPort" -> 14582), and the scheduler's port.
 */
public record DaprRunTemplate(Path file, Map<String, Integer> appPorts, Map<String, Integer> declaredPorts, int schedulerPort) {

    private static final String[] PORT_FIELDS = {"appPort", "daprHTTPPort", "daprGRPCPort", "daprInternalGRPCPort", "metricsPort"};

    /**
     * The folder of a run template for {@code broker}'s components: {@code dir} itself for kafka (dapr.yaml as it
     * is), else what {@code tools/dapr-run-for.sh broker} wrote — the way docs/getting-started.md gives users.
     */
    public static Path forBroker(Path dir, String broker) {
        if (broker.equals("kafka")) {
            return dir;
        }
        try {
            Process script = new ProcessBuilder(dir.resolve("tools/dapr-run-for.sh").toString(), broker)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String written = new String(script.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (script.waitFor() != 0) {
                throw new DevStackException("tools/dapr-run-for.sh " + broker + " failed with exit code " + script.exitValue());
            }
            return Path.of(written).getParent();
        } catch (IOException e) {
            throw new DevStackException("cannot run tools/dapr-run-for.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while writing the run template for " + broker, e);
        }
    }

    public static DaprRunTemplate load(Path dir) {
        Path file = dir.resolve("dapr.yaml");
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            Map<String, Integer> ports = new LinkedHashMap<>();
            Map<String, Integer> declared = new LinkedHashMap<>();
            root.path("apps").forEach(app -> {
                ports.put(app.path("appID").asText(), app.path("appPort").asInt());
                for (String field : PORT_FIELDS) {
                    if (app.has(field)) {
                        declared.put(app.path("appID").asText() + " " + field, app.path(field).asInt());
                    }
                }
            });
            String scheduler = root.path("common").path("schedulerHostAddress").asText("localhost:" + DaprScheduler.DEFAULT_PORT);
            return new DaprRunTemplate(file, ports, declared, Integer.parseInt(scheduler.substring(scheduler.lastIndexOf(':') + 1)));
        } catch (IOException e) {
            throw new DevStackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public int appPort(String appId) {
        Integer port = appPorts.get(appId);
        if (port == null) {
            throw new DevStackException(file + " has no app " + appId + " (it has " + appPorts.keySet() + ")");
        }
        return port;
    }

    /** Fails naming the app and the port when a port the template fixes is taken. */
    public void requirePortsFree() {
        declaredPorts.forEach((what, port) -> Ports.requireFree(port, what + " in " + file.getFileName()));
    }
}
