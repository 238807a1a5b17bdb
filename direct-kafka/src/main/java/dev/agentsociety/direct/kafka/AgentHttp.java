package dev.agentsociety.direct.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP side of a direct agent that has one (what Spring MVC is to a Dapr agent): the JDK's own server on
 * loopback, a thread per request in flight, and answers in JSON.
 */
public final class AgentHttp {

    private AgentHttp() {
    }

    /** A server for {@code agent} on 127.0.0.1:{@code port}, not started; its executor's threads end with it. */
    public static HttpServer listen(String agent, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, agent + "-http");
                thread.setDaemon(true);
                return thread;
            }));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(agent + " cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** 200 with the answer in JSON; 405 for another method than {@code method}; 400 naming what was wrong. */
    public static void json(HttpExchange exchange, String method, Supplier<Object> answer) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            if (!method.equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            int status = 200;
            try {
                body = EventJson.toBytes(answer.get());
                exchange.getResponseHeaders().set("Content-Type", "application/json");
            } catch (RuntimeException badRequest) {
                status = 400;
                body = String.valueOf(badRequest).getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        }
    }
}
