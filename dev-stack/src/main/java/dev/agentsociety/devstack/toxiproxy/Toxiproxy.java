package dev.agentsociety.devstack.toxiproxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shopify's Toxiproxy, the fault-injecting TCP proxy, as a child process on a free loopback port — the server built
 * from its Go module by {@code tools/toxiproxy/install.sh} (run on first use when the binary is missing) — and its
 * HTTP API: proxies, toxics (latency, bandwidth, reset_peer, ...), and a proxy disabled to cut every connection
 * through it (a network partition).
 */
public final class Toxiproxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ChildProcess server;
    private final URI api;

    private Toxiproxy(ChildProcess server, int port) {
        this.server = server;
        this.api = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts a server, installing it first when {@code ~/.toxiproxy/bin/toxiproxy-server} is missing. */
    public static Toxiproxy start(Path logDir) {
        Path binary = ensureInstalled();
        int port = Ports.free();
        ChildProcess server = ChildProcess.start("toxiproxy", List.of(binary.toString(), "-host", "127.0.0.1",
                "-port", Integer.toString(port)), Map.of(), logDir, logDir.resolve("toxiproxy-" + port + ".log"));
        try {
            server.awaitListening(port, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            server.close();
            throw new DevStackException("toxiproxy-server did not start on port " + port + ": " + server.tail(10), e);
        }
        return new Toxiproxy(server, port);
    }

    private static Path ensureInstalled() {
        String home = System.getenv().getOrDefault("TOXIPROXY_HOME", System.getProperty("user.home") + "/.toxiproxy");
        Path binary = Path.of(home, "bin", "toxiproxy-server");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path script = Repo.root().resolve("tools/toxiproxy/install.sh");
        System.out.println("[dev-stack] no " + binary + ": building it with " + script);
        try {
            int exit = ChildProcess.runEchoing(List.of("bash", script.toString()));
            if (exit != 0 || !Files.isExecutable(binary)) {
                throw new DevStackException("cannot inject network faults: " + script + " exited with " + exit
                        + " and left no " + binary + " (its output above says why)");
            }
            return binary;
        } catch (IOException e) {
            throw new DevStackException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while building toxiproxy-server", e);
        }
    }

    /** A proxy listening on {@code 127.0.0.1:listenPort}, forwarding to {@code upstream} (host:port). */
    public void proxy(String name, int listenPort, String upstream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("listen", "127.0.0.1:" + listenPort);
        body.put("upstream", upstream);
        body.put("enabled", true);
        call("POST", "/proxies", body);
    }

    /** Enabled, or disabled: every connection through it closed and new ones refused — a partition. */
    public void enabled(String proxy, boolean enabled) {
        call("POST", "/proxies/" + proxy, Map.of("enabled", enabled));
    }

    /**
     * Adds a toxic to a proxy, e.g. {@code latency} with {@code latency} and {@code jitter} (ms), {@code bandwidth}
     * with {@code rate} (KB/s), {@code reset_peer} with {@code timeout} (ms).
     *
     * @param stream {@code downstream} (to the client) or {@code upstream} (to the broker)
     */
    public void toxic(String proxy, String name, String type, String stream, Map<String, Object> attributes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("stream", stream);
        body.put("toxicity", 1.0);
        body.put("attributes", attributes);
        call("POST", "/proxies/" + proxy + "/toxics", body);
    }

    public void removeToxic(String proxy, String name) {
        call("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
    }

    private void call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10));
            request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new DevStackException("toxiproxy " + method + " " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new DevStackException("toxiproxy " + method + " " + path + " failed: " + e.getMessage()
                    + (server.isAlive() ? "" : " (toxiproxy-server exited: " + server.tail(10) + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted calling toxiproxy", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
