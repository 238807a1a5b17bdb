package dev.agentsociety.agents;

import dev.agentsociety.agents.account.AccountAgentApplication;
import dev.agentsociety.agents.audit.AuditAgentApplication;
import dev.agentsociety.agents.bench.BenchSinkApplication;
import dev.agentsociety.agents.brokerprobe.BrokerProbeApplication;
import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.agents.ledger.LedgerAgentApplication;
import dev.agentsociety.agents.projection.ProjectionAgentApplication;
import dev.agentsociety.agents.recommendation.RecommendationAgentApplication;
import dev.agentsociety.agents.risk.RiskAgentApplication;
import dev.agentsociety.agents.scale.CustomerAgentsApplication;
import dev.agentsociety.agents.signup.SignupAgentApplication;
import dev.agentsociety.agents.welcome.WelcomeAgentApplication;
import dev.agentsociety.domain.ledger.LedgerViews;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;

/**
 * One executable jar, one agent per process: {@code java -jar agents-exec.jar <agent-name> [--spring.options]}.
 * The name is the agent's Dapr app-id.
 */
public final class AgentLauncher {

    /**
     * Agent name (= Dapr app-id, unless the harness runs it under others) to its Spring Boot application; bench-sink
     * is ./benchmark's handler, broker-probe the broker matrix's.
     */
    public static final Map<String, Class<?>> AGENTS = new TreeMap<>(Map.ofEntries(
            Map.entry("account-agent", AccountAgentApplication.class),
            Map.entry("audit-agent", AuditAgentApplication.class),
            Map.entry(CustomerAgents.NAME, CustomerAgentsApplication.class),
            Map.entry("bench-sink", BenchSinkApplication.class),
            Map.entry(BrokerProbeApplication.NAME, BrokerProbeApplication.class),
            Map.entry("ledger-agent", LedgerAgentApplication.class),
            Map.entry(EventSourcedLedgerApplication.APP_ID, EventSourcedLedgerApplication.class),
            Map.entry(LedgerViews.NAME, ProjectionAgentApplication.class),
            Map.entry("recommendation-agent", RecommendationAgentApplication.class),
            Map.entry("risk-agent", RiskAgentApplication.class),
            Map.entry("signup-agent", SignupAgentApplication.class),
            Map.entry("welcome-agent", WelcomeAgentApplication.class)));

    private AgentLauncher() {
    }

    public static void main(String[] args) {
        Class<?> app = args.length == 0 ? null : AGENTS.get(args[0]);
        if (app == null) {
            System.err.println("usage: java -jar agents-exec.jar <agent> [--property=value ...]");
            System.err.println("agents: " + String.join(", ", AGENTS.keySet()));
            System.exit(2);
        }
        SpringApplication application = new SpringApplication(app);
        application.setDefaultProperties(Map.of("spring.application.name", args[0]));
        application.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
