package dev.agentsociety.direct;

import dev.agentsociety.direct.audit.AuditAgent;
import dev.agentsociety.direct.ledger.EventSourcedLedger;
import dev.agentsociety.direct.ledger.LedgerConsumer;
import dev.agentsociety.direct.ledger.ProjectionAgent;
import dev.agentsociety.direct.risk.RiskResponder;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.AuditTrail;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.agents.RecommendationAgent;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.agents.WelcomeAgent;
import dev.agentsociety.domain.ledger.LedgerViews;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * One direct-kafka agent per process: {@code DirectAgentMain <agent>}, with the brokers in KAFKA_BOOTSTRAP_SERVERS
 * and an optional topic prefix in AGENT_TOPICPREFIX (the same variables the Dapr agents read). Stops on SIGTERM
 * after committing what it processed. Start ledger-agent several times to have several instances in its group.
 * MANAGEMENT_SERVER_PORT (Spring Boot's name for the Actuator's port) serves {@code /actuator/health} there
 * ({@link AgentHealth}); a poll loop that fails ends the process with status 1.
 */
public final class DirectAgentMain {

    /** How an agent starts, given the brokers and the topic names. */
    public interface Starter {
        AutoCloseable start(String bootstrapServers, Topics topics);
    }

    public static final Map<String, Starter> AGENTS = new TreeMap<>(Map.of(
            WelcomeAgent.NAME, (servers, topics) -> new SignupReactionAgent(servers, topics, new WelcomeAgent()).start(),
            AccountAgent.NAME, (servers, topics) -> new SignupReactionAgent(servers, topics, new AccountAgent()).start(),
            RecommendationAgent.NAME, (servers, topics) -> new SignupReactionAgent(servers, topics, new RecommendationAgent()).start(),
            AuditTrail.NAME, (servers, topics) -> new AuditAgent(servers, topics).start(),
            RiskAgent.NAME, (servers, topics) -> new RiskResponder(servers, topics).start(),
            LedgerAgent.NAME, (servers, topics) -> new LedgerConsumer(servers, topics,
                    new LedgerAgent(LedgerAgent.NAME + "@" + ManagementFactory.getRuntimeMXBean().getName())).start(),
            EventSourcedLedger.GROUP, (servers, topics) -> new EventSourcedLedger(servers, topics, instance(),
                    EventSourcedLedger.Guarantee.EXACTLY_ONCE).start(),
            EventSourcedLedger.GROUP + "-naive", (servers, topics) -> new EventSourcedLedger(servers, topics, instance(),
                    EventSourcedLedger.Guarantee.AT_LEAST_ONCE).start(),
            LedgerViews.NAME, (servers, topics) -> new ProjectionAgent(servers, topics, serverPort()).start()));

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
            System.err.println("usage: KAFKA_BOOTSTRAP_SERVERS=host:port [AGENT_TOPICPREFIX=prefix] [SERVER_PORT=port] [MANAGEMENT_SERVER_PORT=port] DirectAgentMain <agent>");
            System.err.println("agents: " + String.join(", ", AGENTS.keySet()));
            System.exit(2);
        }
        Topics topics = new Topics(System.getenv().getOrDefault("AGENT_TOPICPREFIX", ""));
        // a part of the agent that fails for good ends the process, non-zero: never a JVM that consumes nothing
        AgentHealth.onFailure(reason -> new Thread(() -> {
            System.err.println(args[0] + " is DOWN and exits: " + reason);
            System.exit(1);
        }, "exit").start());
        String healthPort = System.getenv("MANAGEMENT_SERVER_PORT");
        if (healthPort != null && !healthPort.isBlank()) {
            AgentHealth.serve(Integer.parseInt(healthPort.trim()));
        }
        AutoCloseable agent = AGENTS.get(args[0]).start(servers, topics);
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
