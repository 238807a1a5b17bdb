package dev.agentsociety.comparison.society;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.direct.signup.SignupAgent;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.AuditTrail;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.agents.RecommendationAgent;
import dev.agentsociety.domain.agents.WelcomeAgent;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.ledger.LedgerViews;
import io.dapr.client.DaprClient;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The two implementations the comparison suite holds to the same assertions. Each starts the same society —
 * signup-agent publishing, welcome-, account- and recommendation-agent answering — in its own transport.
 */
public enum Implementation {

    DIRECT_KAFKA("direct-kafka") {
        @Override
        public Society start(KafkaStack kafka, Topics topics, Path logs) {
            List<AutoCloseable> parts = new ArrayList<>();
            Map<String, ProcessHandle> processes = new LinkedHashMap<>();
            try {
                List<AgentWatch.Watched> watched = new ArrayList<>();
                for (String agent : List.of(WelcomeAgent.NAME, AccountAgent.NAME, RecommendationAgent.NAME)) {
                    HostedDirectAgent hosted = HostedDirectAgent.start(agent, kafka, topics.prefix(), logs);
                    parts.add(hosted);
                    processes.put(agent + " app", hosted.handle());
                    watched.add(hosted.watched());
                }
                SignupAgent signup = new SignupAgent(kafka.bootstrapServers(), topics);
                parts.add(0, signup);
                return new Society(parts, signup::send, processes, watched);
            } catch (RuntimeException e) {
                Society.closeAll(parts);
                throw e;
            }
        }

        @Override
        public Audit startAudit(KafkaStack kafka, Topics topics, Path logs) {
            HostedDirectAgent audit = HostedDirectAgent.start(AuditTrail.NAME, kafka, topics.prefix(), logs);
            return new Audit(audit, () -> auditEntries(audit.appPort()));
        }

        @Override
        public EventSink publisher(KafkaStack kafka, Topics topics, String appId, Path logs) {
            KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), appId);
            return new EventSink(publisher::send, List.of(publisher), Map.of());
        }

        @Override
        public LedgerInstance startLedgerAgent(KafkaStack kafka, Topics topics, String instance, Path logs) {
            HostedDirectAgent agent = HostedDirectAgent.start(LedgerAgent.NAME, kafka, topics.prefix(), logs,
                    Map.of("AGENT_INSTANCE", instance));
            return new LedgerInstance(agent, agent::rebalancesLogged);
        }

        @Override
        public Views startProjectionAgent(KafkaStack kafka, Topics topics, Path logs) {
            HostedDirectAgent agent = HostedDirectAgent.start(LedgerViews.NAME, kafka, topics.prefix(), logs);
            Views views = new Views(agent, agent.appPort());
            try {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> views.status() != null);
            } catch (RuntimeException e) {
                agent.close();
                throw e;
            }
            return views;
        }
    },

    DAPR("dapr") {
        @Override
        public Society start(KafkaStack kafka, Topics topics, Path logs) {
            Map<String, String> env = Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
            Path components = Repo.components("kafka");
            List<AutoCloseable> parts = new ArrayList<>();
            Map<String, ProcessHandle> processes = new LinkedHashMap<>();
            try {
                List<AgentWatch.Watched> watched = new ArrayList<>();
                for (String agent : List.of(WelcomeAgent.NAME, AccountAgent.NAME, RecommendationAgent.NAME)) {
                    HostedDaprAgent hosted = HostedDaprAgent.start(agent, topics.prefix(), components, env, logs);
                    parts.add(hosted);
                    processes.putAll(hosted.processes());
                    watched.addAll(hosted.watched());
                }
                EventSink signupAgent = publisher(kafka, topics, "signup-agent", logs);
                parts.add(0, signupAgent);
                processes.putAll(signupAgent.processes());
                return new Society(parts, signup -> signupAgent.send(topics.customerSignups(), signup), processes, watched);
            } catch (RuntimeException e) {
                Society.closeAll(parts);
                throw e;
            }
        }

        @Override
        public Audit startAudit(KafkaStack kafka, Topics topics, Path logs) {
            HostedDaprAgent audit = HostedDaprAgent.start(AuditTrail.NAME, topics.prefix(),
                    Repo.components("kafka"), Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers()), logs);
            return new Audit(audit, () -> auditEntries(audit.appPort()));
        }

        @Override
        public EventSink publisher(KafkaStack kafka, Topics topics, String appId, Path logs) {
            DaprSidecar sidecar = new DaprSidecar(appId, null, Repo.components("kafka"),
                    Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers()), logs).start();
            DaprClient client = HostedDaprAgent.publisherClient(sidecar);
            DaprEventPublisher publisher = new DaprEventPublisher(client, "pubsub");
            // not waited for, in order per key, as the direct publisher's one KafkaProducer keeps it
            return new EventSink(publisher::publishInKeyOrder, List.of(client, sidecar),
                    Map.of(appId + " daprd", sidecar.process().handle()));
        }

        @Override
        public LedgerInstance startLedgerAgent(KafkaStack kafka, Topics topics, String instance, Path logs) {
            HostedDaprAgent agent = HostedDaprAgent.start(LedgerAgent.NAME, topics.prefix(), Repo.components("kafka"),
                    Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers()), logs, "--agent.instance=" + instance);
            // the app has no rebalance callback to count: what it can be told is what its sidecar says, so the
            // rebalances it was told of are the ones its daprd logs (none in 1.16.5: the component's Setup and
            // Cleanup are empty) — observed, so a daprd that starts saying so makes the gap's check fail
            return new LedgerInstance(agent, agent::rebalancesLoggedBySidecar);
        }

        @Override
        public Views startProjectionAgent(KafkaStack kafka, Topics topics, Path logs) {
            HostedDaprAgent agent = HostedDaprAgent.start(LedgerViews.NAME, topics.prefix(), Repo.components("kafka"),
                    Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers()), logs);
            return new Views(agent, agent.appPort());
        }
    };

    private final String label;

    Implementation(String label) {
        this.label = label;
    }

    /** The name results and reports use: {@code direct-kafka} or {@code dapr}. */
    public String label() {
        return label;
    }

    /** The implementation a label names, or null. */
    public static Implementation byLabel(String label) {
        for (Implementation implementation : values()) {
            if (implementation.label.equals(label)) {
                return implementation;
            }
        }
        return null;
    }

    public abstract Society start(KafkaStack kafka, Topics topics, Path logs);

    /** Starts audit-agent, a subscriber the running society knows nothing about. */
    public abstract Audit startAudit(KafkaStack kafka, Topics topics, Path logs);

    /** A publisher outside the agents (a scenario's driver) in this transport, under its own name / app-id. */
    public abstract EventSink publisher(KafkaStack kafka, Topics topics, String appId, Path logs);

    /** Starts one instance of ledger-agent; several share its consumer group. */
    public abstract LedgerInstance startLedgerAgent(KafkaStack kafka, Topics topics, String instance, Path logs);

    /** Starts projection-agent, the ledger's read views, in a process of its own; it reads ledger-events from the oldest. */
    public abstract Views startProjectionAgent(KafkaStack kafka, Topics topics, Path logs);

    /** A running projection-agent and its views, read over HTTP (the same endpoints in both variants). */
    public record Views(AutoCloseable agent, int port) implements AutoCloseable {

        public Map<String, Long> balances() {
            return get("/balances", new TypeReference<>() { });
        }

        public List<LedgerViews.DayTotals> dailyTotals() {
            return get("/daily-totals", new TypeReference<>() { });
        }

        public LedgerViews.Status status() {
            return get("/status", new TypeReference<>() { });
        }

        private <T> T get(String path, TypeReference<T> type) {
            return EventJson.mapper().convertValue(getJson(port, path), type);
        }

        @Override
        public void close() throws Exception {
            agent.close();
        }
    }

    /** A running ledger-agent instance and the rebalances it was told of. */
    public record LedgerInstance(AutoCloseable agent, Supplier<List<String>> rebalancesSeen) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            agent.close();
        }
    }

    /** Publishes domain events; close releases the transport (producer, or client and sidecar). */
    public record EventSink(BiFunction<String, DomainEvent, CompletableFuture<?>> sender, List<AutoCloseable> resources,
            Map<String, ProcessHandle> processes) implements AutoCloseable {

        /** Blocks until the broker has the event. */
        public void publish(String topic, DomainEvent event) {
            send(topic, event).join();
        }

        /** Hands the event over and returns at once; the future completes with the broker's acknowledgement. */
        public CompletableFuture<?> send(String topic, DomainEvent event) {
            return sender.apply(topic, event);
        }

        @Override
        public void close() {
            Society.closeAll(resources);
        }
    }

    /** audit-agent's trail, read over its HTTP endpoint ({@code GET /audit}). */
    private static List<AuditTrail.Entry> auditEntries(int appPort) {
        return List.of(EventJson.mapper().convertValue(getJson(appPort, "/audit"), AuditTrail.Entry[].class));
    }

    /** An agent's JSON answer to {@code GET path}; anything but 200 is an error naming the status and body. */
    private static JsonNode getJson(int port, String path) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return EventJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A running audit-agent and what it has recorded so far. */
    public record Audit(AutoCloseable agent, Supplier<List<AuditTrail.Entry>> entries) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            agent.close();
        }
    }

    /**
     * A running society: publish signups through its signup-agent; close stops every agent. Its processes (each
     * agent's JVM, each sidecar) by role, for what they cost; its {@link AgentWatch}, which reports an agent that
     * fails while it runs.
     */
    public static final class Society implements AutoCloseable {

        private final List<AutoCloseable> parts;
        private final Function<CustomerSignedUp, CompletableFuture<?>> signupAgent;
        private final Map<String, ProcessHandle> processes;
        private final AgentWatch watch;

        public Society(List<AutoCloseable> parts, Function<CustomerSignedUp, CompletableFuture<?>> signupAgent, Map<String, ProcessHandle> processes,
                List<AgentWatch.Watched> watched) {
            this.parts = parts;
            this.signupAgent = signupAgent;
            this.processes = Map.copyOf(processes);
            this.watch = new AgentWatch(watched);
        }

        public AgentWatch watch() {
            return watch;
        }

        /** The hosted agents, in the order started (the signup-agent first), for a scenario's faults. */
        List<AutoCloseable> parts() {
            return List.copyOf(parts);
        }

        /** Publishes a signup through the society's signup-agent and waits for the broker's acknowledgement. */
        public void signUp(CustomerSignedUp signup) {
            send(signup).join();
        }

        /** Publishes a signup and returns at once: the future completes with the broker's acknowledgement. */
        public CompletableFuture<?> send(CustomerSignedUp signup) {
            return signupAgent.apply(signup);
        }

        public Map<String, ProcessHandle> processes() {
            return processes;
        }

        /** Each Dapr agent's sidecar metrics endpoint by app-id, in the order started; none in the direct variant. */
        public Map<String, URI> sidecarMetrics() {
            Map<String, URI> metrics = new LinkedHashMap<>();
            parts.stream().filter(HostedDaprAgent.class::isInstance).map(HostedDaprAgent.class::cast)
                    .forEach(agent -> metrics.put(agent.appId(), agent.sidecarMetrics()));
            return metrics;
        }

        @Override
        public void close() {
            watch.close(); // agents that stop now are not failing
            closeAll(parts);
        }

        /** Closes each part in order, going on past a part that fails to close. */
        public static void closeAll(List<? extends AutoCloseable> parts) {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("closing " + part + ": " + e.getMessage());
                }
            }
        }
    }
}
