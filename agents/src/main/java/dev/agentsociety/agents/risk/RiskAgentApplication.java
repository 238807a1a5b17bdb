package dev.agentsociety.agents.risk;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.RiskAgent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** risk-agent (Dapr): answers credit requests, see {@link RiskAgent}. */
@SpringBootApplication
@Import(DaprTransport.class)
public class RiskAgentApplication {

    @Bean
    RiskAgent riskAgent() {
        return new RiskAgent();
    }

    public static void main(String[] args) {
        SpringApplication.run(RiskAgentApplication.class, args);
    }
}
