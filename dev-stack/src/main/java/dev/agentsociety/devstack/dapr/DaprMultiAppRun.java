package dev.agentsociety.devstack.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dapr run -f <dir>} with the genuine CLI: every app of a multi-app run template with its sidecar.
 * {@link #awaitHealthy} waits until {@code dapr list} shows each app and its sidecar answers healthy;
 * {@link #close()} is {@code dapr stop -f <dir>}, then whatever is left of the process tree is stopped.
 */
public final class DaprMultiAppRun implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final DaprInstallation dapr;
    private final Path templateDir;
    private final Map<String, String> env;
    private final Path logDir;
    private final ChildProcess run;

    private DaprMultiAppRun(DaprInstallation dapr, Path templateDir, Map<String, String> env, Path logDir, ChildProcess run) {
        this.dapr = dapr;
        this.templateDir = templateDir;
        this.env = env;
        this.logDir = logDir;
        this.run = run;
    }

    /** Starts {@code dapr run -f templateDir}; the apps and sidecars see {@code env} on top of this JVM's environment. */
    public static DaprMultiAppRun start(Path templateDir, Map<String, String> env, Path logDir) {
        DaprInstallation dapr = DaprInstallation.ensure();
        ChildProcess run = ChildProcess.start("dapr-run", List.of(dapr.cli().toString(), "run", "-f", templateDir.toString()),
                env, templateDir, logDir.resolve("dapr-run.log"));
        return new DaprMultiAppRun(dapr, templateDir, Map.copyOf(env), logDir, run);
    }

    /** Waits until every app is listed with a healthy sidecar; returns each app's sidecar HTTP port. */
    public Map<String, Integer> awaitHealthy(Collection<String> appIds, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Integer> ports = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            if (!run.isAlive()) {
                throw new DevStackException("dapr run -f " + templateDir + " exited with code " + run.exitCode() + ":\n"
                        + DaprSidecar.explain(run.tail(400)) + "\n(log: " + run.logFile() + ")");
            }
            ports = listedHttpPorts(appIds);
            if (ports.size() == appIds.size() && ports.values().stream().allMatch(DaprMultiAppRun::healthy)) {
                return ports;
            }
            run.awaitExit(Duration.ofMillis(500)); // not there yet: look again shortly, or notice the exit at once
        }
        throw new DevStackException("the apps of " + templateDir + " did not all turn healthy within " + timeout.toSeconds()
                + " s (listed with a sidecar: " + ports.keySet() + " of " + appIds + "). Logs: " + run.logFile()
                + " and the .dapr/logs folder of each app" + DaprSidecar.hint(run.tail(400)));
    }

    /** {@code dapr publish} through the sidecar of {@code appId}. */
    public void publish(String appId, String topic, String json, Map<String, String> metadata) {
        String meta;
        try {
            meta = JSON.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new IllegalArgumentException("metadata not writable as JSON: " + metadata, e);
        }
        try (ChildProcess publish = ChildProcess.start("dapr-publish", List.of(dapr.cli().toString(), "publish",
                "--publish-app-id", appId, "--pubsub", "pubsub", "--topic", topic, "--data", json,
                "--metadata", meta), env, templateDir, logDir.resolve("dapr-publish.log"))) {
            if (!publish.awaitExit(Duration.ofSeconds(30)) || publish.exitCode() != 0) {
                throw new DevStackException("dapr publish to " + topic + " failed:\n" + publish.tail(5));
            }
        }
    }

    public ChildProcess process() {
        return run;
    }

    /** {@code dapr stop -f}: ends every app and sidecar of the template. */
    @Override
    public void close() {
        try (ChildProcess stop = ChildProcess.start("dapr-stop", List.of(dapr.cli().toString(), "stop", "-f",
                templateDir.toString()), env, templateDir, logDir.resolve("dapr-stop.log"))) {
            stop.awaitExit(Duration.ofSeconds(30));
        }
        run.awaitExit(Duration.ofSeconds(30));
        run.close();
    }

    private Map<String, Integer> listedHttpPorts(Collection<String> appIds) {
        Map<String, Integer> ports = new TreeMap<>();
        try {
            Process list = new ProcessBuilder(dapr.cli().toString(), "list", "-o", "json")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            JsonNode apps = JSON.readTree(list.getInputStream());
            list.waitFor();
            for (JsonNode app : apps) {
                String appId = app.path("appId").asText();
                if (appIds.contains(appId) && app.path("runTemplatePath").asText().startsWith(templateDir.toString())) {
                    ports.put(appId, app.path("httpPort").asInt());
                }
            }
        } catch (IOException e) {
            // dapr list had nothing to say yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ports;
    }

    private static boolean healthy(int daprHttpPort) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daprHttpPort + "/v1.0/healthz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
