package dev.agentsociety.direct.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A direct agent's health, with the contract of the Dapr agents' Spring Boot Actuator: {@code GET /actuator/health}
 * answers 200 {@code {"status":"UP"}} while every part of the agent (each poll loop) serves, and 503
 * {@code {"status":"DOWN","components":{<part>:<why>}}} once one does not. One agent runs per process, so its health
 * is the process's. A part that fails says so here ({@link #failed}), and {@code DirectAgentMain} ends the process
 * with a non-zero status — a supervisor (systemd, Kubernetes, {@code dapr run}) restarts it.
 */
public final class AgentHealth {

    private static final Map<String, Supplier<String>> PARTS = new ConcurrentHashMap<>();
    private static volatile Consumer<String> onFailure = reason -> { };

    private AgentHealth() {
    }

    /** @param downReason why the part is not serving, or null while it is */
    public static void register(String part, Supplier<String> downReason) {
        PARTS.put(part, downReason);
    }

    public static void unregister(String part) {
        PARTS.remove(part);
    }

    /** What happens when a part fails for good (the process's main decides: exit non-zero). */
    public static void onFailure(Consumer<String> action) {
        onFailure = Objects.requireNonNull(action);
    }

    /** A part failed for good: it is DOWN from now on, and the process is told. */
    static void failed(String part, String reason) {
        onFailure.accept(part + ": " + reason);
    }

    /** The parts that are DOWN, with why; empty when the agent is UP. */
    public static Map<String, String> down() {
        Map<String, String> down = new TreeMap<>();
        PARTS.forEach((part, check) -> {
            String reason = check.get();
            if (reason != null) {
                down.put(part, reason);
            }
        });
        return down;
    }

    /**
     * Serves {@code /actuator/health} on {@code address}:{@code port} — loopback unless an orchestrator's probes
     * must reach it from outside (Kubernetes: 0.0.0.0); close the server to stop.
     */
    public static HttpServer serve(String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/actuator/health", exchange -> {
            Map<String, String> down = down();
            ObjectNode body = EventJson.mapper().createObjectNode().put("status", down.isEmpty() ? "UP" : "DOWN");
            if (!down.isEmpty()) {
                ObjectNode components = body.putObject("components");
                down.forEach(components::put);
            }
            byte[] bytes = EventJson.toBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(down.isEmpty() ? 200 : 503, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }
}
