package dev.agentsociety.agents;

import dev.agentsociety.agents.account.AccountAgentApplication;
import dev.agentsociety.agents.audit.AuditAgentApplication;
import dev.agentsociety.agents.bench.BenchSinkApplication;
import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.agents.ledger.LedgerAgentApplication;
import dev.agentsociety.agents.projection.ProjectionAgentApplication;
import dev.agentsociety.agents.recommendation.RecommendationAgentApplication;
import dev.agentsociety.agents.risk.RiskAgentApplication;
import dev.agentsociety.agents.signup.SignupAgentApplication;
import dev.agentsociety.agents.welcome.WelcomeAgentApplication;
import dev.agentsociety.domain.ledger.LedgerViews;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;

/**
 * One executable jar, one agent per process: {@code java -jar agents-exec.jar <agent-name> [--spring.options]}.
 * The name is the agent's Dapr app-id.
 */
public final class AgentLauncher {

    /** Agent name (= Dapr app-id) to its Spring Boot application; bench-sink is ./benchmark's handler. */
    public static final Map<String, Class<?>> AGENTS = new TreeMap<>(Map.of(
            "account-agent", AccountAgentApplication.class,
            "audit-agent", AuditAgentApplication.class,
            "bench-sink", BenchSinkApplication.class,
            "ledger-agent", LedgerAgentApplication.class,
            EventSourcedLedgerApplication.APP_ID, EventSourcedLedgerApplication.class,
            LedgerViews.NAME, ProjectionAgentApplication.class,
            "recommendation-agent", RecommendationAgentApplication.class,
            "risk-agent", RiskAgentApplication.class,
            "signup-agent", SignupAgentApplication.class,
            "welcome-agent", WelcomeAgentApplication.class));

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
