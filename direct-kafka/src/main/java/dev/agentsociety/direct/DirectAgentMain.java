package dev.agentsociety.direct;

import dev.agentsociety.direct.account.CreditCheckDoor;
import dev.agentsociety.direct.account.CreditHttpCaller;
import dev.agentsociety.direct.account.CreditRequester;
import dev.agentsociety.direct.audit.AuditAgent;
import dev.agentsociety.direct.bench.ProbeConsumer;
import dev.agentsociety.direct.eventledger.EventSourcedLedger;
import dev.agentsociety.direct.kafka.AgentHealth;
import dev.agentsociety.direct.kafka.SignupReactionAgent;
import dev.agentsociety.direct.ledger.LedgerConsumer;
import dev.agentsociety.direct.projection.ProjectionAgent;
import dev.agentsociety.direct.risk.RiskHttpEndpoint;
import dev.agentsociety.direct.risk.RiskResponder;
import dev.agentsociety.direct.scale.CustomerAgentsHost;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.AuditTrail;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.agents.RecommendationAgent;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.agents.WelcomeAgent;
import dev.agentsociety.domain.ledger.LedgerViews;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * One direct-kafka agent per process: {@code DirectAgentMain <agent>}, with the brokers in KAFKA_BOOTSTRAP_SERVERS
 * and an optional topic prefix in AGENT_TOPICPREFIX (the same variables the Dapr agents read). Stops on SIGTERM
 * after committing what it processed. Start ledger-agent several times to have several instances in its group.
 * MANAGEMENT_SERVER_PORT (Spring Boot's name for the Actuator's port) serves {@code /actuator/health} there
 * ({@link AgentHealth}) once the agent has started, on loopback unless MANAGEMENT_SERVER_ADDRESS says otherwise
 * (Kubernetes' probes: 0.0.0.0); a poll loop that fails ends the process with status 1.
 */
public final class DirectAgentMain {

    /** How an agent starts, given the brokers and the topic names. */
    public interface Starter {
        AutoCloseable start(String bootstrapServers, Topics topics);
    }

    public static final Map<String, Starter> AGENTS = new TreeMap<>(Map.ofEntries(
            Map.entry(WelcomeAgent.NAME, (servers, topics) -> new SignupReactionAgent(servers, topics, new WelcomeAgent()).start()),
            Map.entry(AccountAgent.NAME, DirectAgentMain::accountAgent),
            Map.entry(RecommendationAgent.NAME, (servers, topics) -> new SignupReactionAgent(servers, topics, new RecommendationAgent()).start()),
            Map.entry(AuditTrail.NAME, (servers, topics) -> new AuditAgent(servers, topics, serverPort()).start()),
            Map.entry(RiskAgent.NAME, DirectAgentMain::riskAgent),
            Map.entry(LedgerAgent.NAME, (servers, topics) -> new LedgerConsumer(servers, topics, new LedgerAgent(System.getenv()
                    .getOrDefault("AGENT_INSTANCE", LedgerAgent.NAME + "@" + ManagementFactory.getRuntimeMXBean().getName()))).start()),
            Map.entry(EventSourcedLedger.GROUP, (servers, topics) -> new EventSourcedLedger(servers, topics, instance(),
                    EventSourcedLedger.Guarantee.EXACTLY_ONCE).start()),
            Map.entry(EventSourcedLedger.GROUP + "-naive", (servers, topics) -> new EventSourcedLedger(servers, topics, instance(),
                    EventSourcedLedger.Guarantee.AT_LEAST_ONCE).start()),
            Map.entry(LedgerViews.NAME, (servers, topics) -> new ProjectionAgent(servers, topics, serverPort()).start()),
            Map.entry(CustomerAgents.NAME, DirectAgentMain::customerAgents),
            Map.entry(ProbeConsumer.NAME, DirectAgentMain::benchSink)));

    /**
     * The benchmark's sink ({@code ./benchmark} starts it, one process per instance): the probes of the topic in
     * BENCH_TOPIC (the variable Spring Boot binds to the Dapr bench-sink's {@code bench.topic}), its stats on SERVER_PORT.
     */
    private static AutoCloseable benchSink(String servers, Topics topics) {
        String topic = System.getenv().getOrDefault("BENCH_TOPIC", "");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("BENCH_TOPIC names the topic of the probes");
        }
        return new ProbeConsumer(servers, List.of(topic), ProbeConsumer.NAME + "-" + instance(), serverPort()).start();
    }

    /**
     * The scale scenario's host of many customer agents: AGENT_SCALE_POPULATION customers, telling their peers as
     * events or (AGENT_SCALE_STYLE=sync) over HTTP to the hosts in PEER_URLS (comma-separated, a customer's host being
     * the one at its index modulo their number); AGENT_SCALE_SLOWCUSTOMER takes AGENT_SCALE_SLOWNESS (ms) per note.
     */
    private static AutoCloseable customerAgents(String servers, Topics topics) {
        Map<String, String> env = System.getenv();
        CustomerAgents agents = new CustomerAgents(Integer.parseInt(env.getOrDefault("AGENT_SCALE_POPULATION", "1000")),
                env.getOrDefault("AGENT_SCALE_SLOWCUSTOMER", ""), Duration.ofMillis(Long.parseLong(env.getOrDefault("AGENT_SCALE_SLOWNESS", "0"))));
        CustomerAgentsHost.Style style = CustomerAgentsHost.Style.valueOf(env.getOrDefault("AGENT_SCALE_STYLE", "events").toUpperCase(Locale.ROOT));
        List<URI> peers = Arrays.stream(env.getOrDefault("PEER_URLS", "").split(",")).filter(url -> !url.isBlank()).map(URI::create).toList();
        return new CustomerAgentsHost(servers, topics, instance(), agents, style, peers, serverPort()).start();
    }

    /**
     * account-agent reacts to signups and asks risk-agent for credit limits: over Kafka (its replies in a group of
     * its own, {@code account-agent-replies-<AGENT_INSTANCE>}) or over HTTP at RISK_AGENT_URL; its door on
     * SERVER_PORT drives both ({@link CreditCheckDoor}), as the Dapr account-agent's controller does.
     */
    private static AutoCloseable accountAgent(String servers, Topics topics) {
        SignupReactionAgent reactions = new SignupReactionAgent(servers, topics, new AccountAgent()).start();
        CreditRequester requester = new CreditRequester(servers, topics, instance()).start();
        CreditCheckDoor door = new CreditCheckDoor(requester, new CreditHttpCaller(System.getenv().getOrDefault(
                "RISK_AGENT_URL", "http://127.0.0.1:8080/credit-limit"), Duration.ofSeconds(60)), serverPort()).start();
        return () -> {
            door.close();
            requester.close();
            reactions.close();
        };
    }

    /**
     * risk-agent answers credit requests over Kafka and over HTTP on SERVER_PORT; AGENT_RISKTHINKINGTIME (e.g.
     * {@code 50ms}, the variable Spring Boot binds to the Dapr risk-agent's {@code agent.risk-thinking-time}) makes
     * it slow.
     */
    private static AutoCloseable riskAgent(String servers, Topics topics) {
        String thinking = System.getenv().getOrDefault("AGENT_RISKTHINKINGTIME", "0ms").trim();
        if (!thinking.endsWith("ms")) {
            throw new IllegalArgumentException("AGENT_RISKTHINKINGTIME must be milliseconds, e.g. 50ms: " + thinking);
        }
        RiskAgent risk = new RiskAgent(Duration.ofMillis(Long.parseLong(thinking.substring(0, thinking.length() - 2))));
        RiskResponder overKafka = new RiskResponder(servers, topics, risk).start();
        RiskHttpEndpoint overHttp = new RiskHttpEndpoint(risk, serverPort()).start();
        return () -> {
            overHttp.close();
            overKafka.close();
        };
    }

    /** AGENT_INSTANCE names an instance that keeps its identity across restarts (the ledger's transactional.id). */
    private static String instance() {
        return System.getenv().getOrDefault("AGENT_INSTANCE", "1");
    }

    /** SERVER_PORT: where an agent with an HTTP side listens (the variable Spring Boot reads for a Dapr agent's). */
    private static int serverPort() {
        return Integer.parseInt(System.getenv().getOrDefault("SERVER_PORT", "8080"));
    }

    private DirectAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (args.length != 1 || !AGENTS.containsKey(args[0]) || servers == null || servers.isBlank()) {
            System.err.println("usage: KAFKA_BOOTSTRAP_SERVERS=host:port [AGENT_TOPICPREFIX=prefix] [AGENT_INSTANCE=name] [SERVER_PORT=port] "
                    + "[MANAGEMENT_SERVER_PORT=port] [MANAGEMENT_SERVER_ADDRESS=0.0.0.0] [RISK_AGENT_URL=url] [AGENT_RISKTHINKINGTIME=50ms] [BENCH_TOPIC=topic] DirectAgentMain <agent>");
            System.err.println("agents: " + String.join(", ", AGENTS.keySet()));
            System.exit(2);
        }
        Topics topics = new Topics(System.getenv().getOrDefault("AGENT_TOPICPREFIX", ""));
        // a part of the agent that fails for good ends the process, non-zero: never a JVM that consumes nothing
        AgentHealth.onFailure(reason -> new Thread(() -> {
            System.err.println(args[0] + " is DOWN and exits: " + reason);
            System.exit(1);
        }, "exit").start());
        AutoCloseable agent;
        try {
            agent = AGENTS.get(args[0]).start(servers, topics);
        } catch (RuntimeException e) { // its settings, said in one line: no stack trace to read through
            System.err.println(args[0] + " cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // health is served once every part has started: a health port that answers is an agent that is ready
        String healthPort = System.getenv("MANAGEMENT_SERVER_PORT");
        if (healthPort != null && !healthPort.isBlank()) {
            AgentHealth.serve(System.getenv().getOrDefault("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1").trim(), Integer.parseInt(healthPort.trim()));
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.close();
            } catch (Exception e) {
                System.err.println("closing " + args[0] + ": " + e.getMessage());
            }
            done.countDown();
        }));
        done.await();
    }
}
