package dev.agentsociety.direct;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.RecommendationAgent;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.agents.WelcomeAgent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * One direct-kafka agent per process: {@code DirectAgentMain <agent>}, with the brokers in KAFKA_BOOTSTRAP_SERVERS
 * and an optional topic prefix in AGENT_TOPICPREFIX (the same variables the Dapr agents read). Stops on SIGTERM
 * after committing what it processed.
 */
public final class DirectAgentMain {

    public static final Map<String, Supplier<SignupReaction>> AGENTS = new TreeMap<>(Map.of(
            WelcomeAgent.NAME, WelcomeAgent::new,
            AccountAgent.NAME, AccountAgent::new,
            RecommendationAgent.NAME, RecommendationAgent::new));

    private DirectAgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (args.length != 1 || !AGENTS.containsKey(args[0]) || servers == null || servers.isBlank()) {
            System.err.println("usage: KAFKA_BOOTSTRAP_SERVERS=host:port [AGENT_TOPICPREFIX=prefix] DirectAgentMain <agent>");
            System.err.println("agents: " + String.join(", ", AGENTS.keySet()));
            System.exit(2);
        }
        Topics topics = new Topics(System.getenv().getOrDefault("AGENT_TOPICPREFIX", ""));
        SignupReactionAgent agent = new SignupReactionAgent(servers, topics, AGENTS.get(args[0]).get()).start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            done.countDown();
        }));
        done.await();
    }
}
