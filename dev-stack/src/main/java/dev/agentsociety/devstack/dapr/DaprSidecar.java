package dev.agentsociety.devstack.dapr;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A genuine daprd sidecar for one app, started the way {@code dapr run} starts it: its own app-id, free ports,
 * the components of one {@code components/<broker>} folder. {@code start()} returns once {@code /v1.0/healthz}
 * answers 204, i.e. components are loaded and the app's subscriptions are known.
 */
public final class DaprSidecar implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String appId;
    private final Integer appPort;
    private final Path resources;
    private final Map<String, String> env;
    private final Path logDir;
    private final int httpPort = Ports.free();
    private final int grpcPort = Ports.free();
    private final int metricsPort = Ports.free();
    private ChildProcess process;

    /**
     * @param appPort   the port the app listens on, or null for a sidecar without an app (publish only)
     * @param resources a {@code components/<broker>} folder
     * @param env       the environment the components read (KAFKA_BOOTSTRAP_SERVERS, REDIS_HOST, ...)
     */
    public DaprSidecar(String appId, Integer appPort, Path resources, Map<String, String> env, Path logDir) {
        this.appId = appId;
        this.appPort = appPort;
        this.resources = resources;
        this.env = Map.copyOf(env);
        this.logDir = logDir;
    }

    public synchronized DaprSidecar start() {
        if (process != null) {
            return this;
        }
        DaprInstallation dapr = DaprInstallation.ensure();
        List<String> command = new ArrayList<>(List.of(dapr.daprd().toString(),
                "--app-id", appId,
                "--mode", "standalone",
                "--resources-path", resources.toString(),
                "--dapr-http-port", Integer.toString(httpPort),
                "--dapr-grpc-port", Integer.toString(grpcPort),
                "--metrics-port", Integer.toString(metricsPort),
                "--dapr-listen-addresses", "127.0.0.1",
                "--log-level", "info"));
        if (appPort != null) {
            command.addAll(List.of("--app-port", Integer.toString(appPort), "--app-protocol", "http",
                    "--app-channel-address", "127.0.0.1"));
        }
        process = ChildProcess.start("daprd-" + appId, command, env, resources,
                logDir.resolve("daprd-" + appId + ".log"));
        awaitHealthy();
        return this;
    }

    public String appId() {
        return appId;
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private void awaitHealthy() {
        URI healthz = URI.create("http://127.0.0.1:" + httpPort + "/v1.0/healthz");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String log = process.tail(200);
                throw new DevStackException("daprd for " + appId + " exited with code " + process.exitCode() + ":\n"
                        + process.tail(12) + hint(log) + "\nfull log: " + process.logFile());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(healthz)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 204) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevStackException("interrupted while waiting for daprd " + appId, e);
            }
            process.awaitExit(Duration.ofMillis(100)); // not healthy yet: ask again shortly, or notice the exit at once
        }
        String log = process.tail(200);
        close();
        throw new DevStackException("daprd for " + appId + " did not turn healthy within " + START_TIMEOUT.toSeconds()
                + " s (" + last + "):\n" + tailOf(log, 12) + hint(log));
    }

    /** Names the fix for the failures a newcomer meets. */
    static String hint(String log) {
        if (log.contains("KAFKA_BOOTSTRAP_SERVERS") || log.contains("REDIS_HOST")) {
            return "\n-> the component reads the broker address from the environment: set KAFKA_BOOTSTRAP_SERVERS"
                    + " (Kafka) or REDIS_HOST (Redis)";
        }
        if (log.contains("address already in use")) {
            return "\n-> a port daprd needs is taken; stop what listens there or let the dev stack pick other ports";
        }
        if (log.contains("kafka: client has run out of available brokers") || log.contains("connection refused")) {
            return "\n-> the broker is not reachable at the configured address; is it running?";
        }
        if (log.contains("app channel") || log.contains("waiting for application")) {
            return "\n-> daprd waits for the app on its app port: is the app running and listening there?";
        }
        return "";
    }

    private static String tailOf(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
