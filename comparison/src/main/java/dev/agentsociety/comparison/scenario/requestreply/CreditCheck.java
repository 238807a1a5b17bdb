package dev.agentsociety.comparison.scenario.requestreply;

import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.HostedDirectAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.CreditChecks;
import dev.agentsociety.domain.agents.RiskAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * S3 in either implementation: the requester (account-agent) and the responder (risk-agent), each an agent process
 * of its own, started separately so a test can put requests in flight before anyone answers them. Both variants'
 * account-agents have the same door — {@code POST /credit-checks}, {@code GET /credit-checks/outcomes} (the Dapr
 * app's {@code CreditCheckController}, the direct agent's {@code CreditCheckDoor}) — so the driving is one code path.
 */
final class CreditCheck implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final int accountPort;
    private final Function<Duration, AutoCloseable> riskAgents;

    private CreditCheck(AutoCloseable account, int accountPort, Function<Duration, AutoCloseable> riskAgents) {
        parts.add(account);
        this.accountPort = accountPort;
        this.riskAgents = riskAgents;
    }

    static CreditCheck start(Implementation implementation, KafkaStack kafka, Topics topics, Path logs) {
        return start(implementation, kafka, topics, logs, "it");
    }

    /**
     * Starts account-agent; no risk-agent yet.
     *
     * @param instance names this requester when several account-agent instances run (direct: its reply group;
     *                 Dapr: every instance shares the app-id's)
     */
    static CreditCheck start(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, String instance) {
        if (implementation == Implementation.DIRECT_KAFKA) {
            int riskPort = Ports.free(); // the direct caller must be told where risk-agent listens: no discovery
            HostedDirectAgent account = HostedDirectAgent.start(AccountAgent.NAME, kafka, topics.prefix(), logs, Map.of(
                    "AGENT_INSTANCE", instance, "RISK_AGENT_URL", "http://127.0.0.1:" + riskPort + "/credit-limit"));
            return new CreditCheck(account, account.appPort(), thinkingTime -> HostedDirectAgent.start(RiskAgent.NAME,
                    kafka, topics.prefix(), logs, Map.of("SERVER_PORT", Integer.toString(riskPort),
                            "AGENT_RISKTHINKINGTIME", thinkingTime.toMillis() + "ms")));
        }
        Map<String, String> env = Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
        HostedDaprAgent account = HostedDaprAgent.start(AccountAgent.NAME, topics.prefix(), Repo.components("kafka"), env, logs);
        // each risk-agent comes back where the last one was, as the direct one does: the callers' mDNS resolver keeps a
        // gone instance's address for up to 90 s and learns a new one only every 30 s (docs/findings.md)
        int riskSidecarPort = Ports.free();
        return new CreditCheck(account, account.appPort(), thinkingTime -> HostedDaprAgent.startAs(RiskAgent.NAME,
                RiskAgent.NAME, topics.prefix(), List.of(Repo.components("kafka")), env, Map.of(),
                sidecar -> sidecar.internalGrpcPort(riskSidecarPort), logs,
                "--agent.risk-thinking-time=" + thinkingTime.toMillis() + "ms"));
    }

    /** Sends {@code count} requests at once over pub/sub; completes when each is answered or timed out. */
    CompletableFuture<CreditChecks.Summary> run(int count, Duration timeout) {
        return checks("count=" + count + "&timeoutMs=" + timeout.toMillis());
    }

    /** Sends {@code count} requests synchronously (HTTP / service invocation) from {@code callers} threads. */
    CreditChecks.Summary runBlocking(int count, int callers) {
        return checks("count=" + count + "&callers=" + callers).join();
    }

    /** Replies by outcome (MATCHED, DUPLICATE, LATE, UNKNOWN), and the requests still waiting ("inFlight"). */
    Map<String, Long> outcomes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(account("/credit-checks/outcomes")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            EventJson.mapper().readTree(answer(response)).fields()
                    .forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts risk-agent, answering over pub/sub and over its synchronous door, thinking that long per request. */
    void startRiskAgent(Duration thinkingTime) {
        parts.add(riskAgents.apply(thinkingTime));
    }

    void startRiskAgent() {
        startRiskAgent(Duration.ZERO);
    }

    /** Stops the risk-agent started last. */
    void stopRiskAgent() {
        AutoCloseable risk = parts.remove(parts.size() - 1);
        try {
            risk.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping risk-agent: " + e.getMessage(), e);
        }
    }

    private CompletableFuture<CreditChecks.Summary> checks(String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(account("/credit-checks?" + query))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    try {
                        return EventJson.mapper().readValue(answer(response), CreditChecks.Summary.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private URI account(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + accountPort + pathAndQuery);
    }

    private static byte[] answer(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("account-agent answered " + response.statusCode() + " to " + response.uri() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) { // the responder first, then the requester
            AutoCloseable part = parts.get(i);
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("closing " + part + ": " + e.getMessage());
            }
        }
    }
}
