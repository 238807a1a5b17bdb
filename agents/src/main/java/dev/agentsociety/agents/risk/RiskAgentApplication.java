package dev.agentsociety.agents.risk;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.RiskAgent;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * risk-agent (Dapr): answers credit requests, see {@link RiskAgent} — over pub/sub and, as the synchronous
 * baseline, over Dapr service invocation. {@code agent.risk-thinking-time} (e.g. {@code 50ms}) makes it slow.
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class RiskAgentApplication {

    @Bean
    RiskAgent riskAgent(@Value("${agent.risk-thinking-time:0ms}") Duration thinkingTime) {
        return new RiskAgent(thinkingTime);
    }

    public static void main(String[] args) {
        SpringApplication.run(RiskAgentApplication.class, args);
    }
}
