package dev.agentsociety.direct.risk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.direct.kafka.AgentHttp;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.events.CreditRequested;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * risk-agent's synchronous door in the direct variant, the baseline S3 measures pub/sub against: plain HTTP,
 * {@code POST /credit-limit} with a {@link CreditRequested} in JSON, the decision in the response, on the JDK's own
 * HTTP server ({@link AgentHttp}: one thread per request in flight, as a servlet container would). Mirror of the
 * Dapr risk-agent's {@code @PostMapping("/credit-limit")}, which callers reach by app-id through their sidecars.
 */
public final class RiskHttpEndpoint implements AutoCloseable {

    private final RiskAgent risk;
    private final HttpServer server;

    public RiskHttpEndpoint(RiskAgent risk, int port) {
        this.risk = risk;
        this.server = AgentHttp.listen(RiskAgent.NAME, port);
        server.createContext("/credit-limit", this::decide);
    }

    public RiskHttpEndpoint start() {
        server.start();
        return this;
    }

    private void decide(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] answer;
            try {
                answer = EventJson.toBytes(risk.decide(EventJson.fromBytes(body.readAllBytes(), CreditRequested.class)));
            } catch (RuntimeException badRequest) {
                byte[] reason = String.valueOf(badRequest.getMessage()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, reason.length);
                out.write(reason);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
