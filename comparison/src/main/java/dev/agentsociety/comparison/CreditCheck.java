package dev.agentsociety.comparison;

import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.direct.CreditHttpCaller;
import dev.agentsociety.direct.CreditRequester;
import dev.agentsociety.direct.risk.RiskHttpEndpoint;
import dev.agentsociety.direct.risk.RiskResponder;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.CreditChecks;
import dev.agentsociety.domain.agents.PendingReplies.Outcome;
import dev.agentsociety.domain.agents.RiskAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * S3 in either implementation: the requester (account-agent) and the responder (risk-agent), started
 * separately so a test can put requests in flight before anyone answers them.
 */
abstract class CreditCheck implements AutoCloseable {

    protected final List<AutoCloseable> parts = new ArrayList<>();

    /** Sends {@code count} requests at once; completes when each is answered or timed out. */
    abstract CompletableFuture<CreditChecks.Summary> run(int count, Duration timeout);

    /** Replies by outcome, and the requests still waiting ("inFlight"). */
    abstract Map<String, Long> outcomes();

    /** Sends {@code count} requests synchronously (HTTP / service invocation) from {@code callers} threads. */
    abstract CreditChecks.Summary runBlocking(int count, int callers);

    /** Starts risk-agent, answering over pub/sub and over its synchronous door, thinking that long per request. */
    abstract void startRiskAgent(Duration thinkingTime);

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

    static CreditCheck start(Implementation implementation, KafkaStack kafka, Topics topics, Path logs) {
        return start(implementation, kafka, topics, logs, "it");
    }

    /** @param instance names this requester when several account-agent instances run (direct: its reply group) */
    static CreditCheck start(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, String instance) {
        return implementation == Implementation.DIRECT_KAFKA ? new Direct(kafka, topics, instance) : new Dapr(kafka, topics, logs);
    }

    private static final class Direct extends CreditCheck {

        private final KafkaStack kafka;
        private final Topics topics;
        private final CreditRequester requester;
        private final int riskPort = Ports.free();
        private final CreditHttpCaller caller = new CreditHttpCaller("http://127.0.0.1:" + riskPort + "/credit-limit",
                Duration.ofSeconds(60));

        Direct(KafkaStack kafka, Topics topics, String instance) {
            this.kafka = kafka;
            this.topics = topics;
            this.requester = new CreditRequester(kafka.bootstrapServers(), topics, instance).start();
            parts.add(requester);
        }

        @Override
        CompletableFuture<CreditChecks.Summary> run(int count, Duration timeout) {
            return CompletableFuture.supplyAsync(() -> CreditChecks.run(count,
                    (customer, plan) -> requester.ask(customer, plan, timeout), requester.pending()::inFlight));
        }

        @Override
        Map<String, Long> outcomes() {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Outcome outcome : Outcome.values()) {
                counts.put(outcome.name(), requester.pending().count(outcome));
            }
            counts.put("inFlight", (long) requester.pending().inFlight());
            return counts;
        }

        @Override
        CreditChecks.Summary runBlocking(int count, int callers) {
            return CreditChecks.runBlocking(count, caller::call, callers);
        }

        @Override
        void startRiskAgent(Duration thinkingTime) {
            RiskAgent risk = new RiskAgent(thinkingTime);
            RiskResponder overPubSub = new RiskResponder(kafka.bootstrapServers(), topics, risk).start();
            RiskHttpEndpoint overHttp = new RiskHttpEndpoint(risk, riskPort).start();
            parts.add(() -> {
                overHttp.close();
                overPubSub.close();
            });
        }
    }

    private static final class Dapr extends CreditCheck {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        private final Map<String, String> env;
        private final Topics topics;
        private final Path logs;
        private final HostedDaprAgent account;

        Dapr(KafkaStack kafka, Topics topics, Path logs) {
            this.env = Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
            this.topics = topics;
            this.logs = logs;
            this.account = HostedDaprAgent.start("account-agent", topics.prefix(), Repo.components("kafka"), env, logs);
            parts.add(account);
        }

        @Override
        CompletableFuture<CreditChecks.Summary> run(int count, Duration timeout) {
            return checks("count=" + count + "&timeoutMs=" + timeout.toMillis());
        }

        @Override
        CreditChecks.Summary runBlocking(int count, int callers) {
            return checks("count=" + count + "&callers=" + callers).join();
        }

        private CompletableFuture<CreditChecks.Summary> checks(String query) {
            URI uri = URI.create("http://127.0.0.1:" + account.appPort() + "/credit-checks?" + query);
            return HTTP.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> {
                        try {
                            return EventJson.mapper().readValue(response.body(), CreditChecks.Summary.class);
                        } catch (IOException e) {
                            throw new IllegalStateException("account-agent answered " + response.statusCode() + ": "
                                    + new String(response.body()), e);
                        }
                    });
        }

        @Override
        @SuppressWarnings("unchecked")
        Map<String, Long> outcomes() {
            try {
                HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + account.appPort() + "/credit-checks/outcomes")).build(), HttpResponse.BodyHandlers.ofByteArray());
                Map<String, Number> raw = EventJson.mapper().readValue(response.body(), Map.class);
                Map<String, Long> counts = new LinkedHashMap<>();
                raw.forEach((k, v) -> counts.put(k, v.longValue()));
                return counts;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        void startRiskAgent(Duration thinkingTime) {
            parts.add(HostedDaprAgent.start(RiskAgent.NAME, topics.prefix(), Repo.components("kafka"), env, logs,
                    "--agent.risk-thinking-time=" + thinkingTime.toMillis() + "ms"));
        }
    }
}
