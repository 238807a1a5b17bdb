package dev.agentsociety.direct.account;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.direct.kafka.AgentHttp;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.CreditChecks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives S3 from outside the direct account-agent's process, with the same requests and answers as the Dapr
 * account-agent's {@code CreditCheckController}: {@code POST /credit-checks?count=200&timeoutMs=30000} sends that many
 * credit requests at once over Kafka and answers when each is answered or timed out; with {@code &callers=16} it
 * makes them synchronously over HTTP to risk-agent instead; {@code GET /credit-checks/outcomes} counts the replies
 * by what they were and the requests still waiting. On SERVER_PORT ({@link AgentHttp}).
 */
public final class CreditCheckDoor implements AutoCloseable {

    private final CreditRequester requester;
    private final CreditHttpCaller caller;
    private final HttpServer server;

    public CreditCheckDoor(CreditRequester requester, CreditHttpCaller caller, int port) {
        this.requester = requester;
        this.caller = caller;
        this.server = AgentHttp.listen(AccountAgent.NAME, port);
        server.createContext("/credit-checks/outcomes", exchange -> AgentHttp.json(exchange, "GET", this::outcomes));
        server.createContext("/credit-checks", exchange -> AgentHttp.json(exchange, "POST", () -> run(query(exchange))));
    }

    public CreditCheckDoor start() {
        server.start();
        return this;
    }

    private CreditChecks.Summary run(Map<String, String> query) {
        int count = Integer.parseInt(query.get("count"));
        int callers = Integer.parseInt(query.getOrDefault("callers", "0"));
        if (callers > 0) {
            return CreditChecks.runBlocking(count, caller::call, callers);
        }
        Duration timeout = Duration.ofMillis(Long.parseLong(query.getOrDefault("timeoutMs", "30000")));
        return CreditChecks.run(count, (customer, plan) -> requester.ask(customer, plan, timeout),
                requester.pending()::inFlight);
    }

    private Map<String, Long> outcomes() {
        return requester.pending().outcomes();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
