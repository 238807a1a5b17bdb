package dev.agentsociety.agents.recommendation;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.RecommendationAgent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** recommendation-agent (Dapr): answers every signup, see {@link RecommendationAgent}. */
@SpringBootApplication
@Import(DaprTransport.class)
public class RecommendationAgentApplication {

    @Bean
    RecommendationAgent recommendationAgent() {
        return new RecommendationAgent();
    }

    public static void main(String[] args) {
        SpringApplication.run(RecommendationAgentApplication.class, args);
    }
}
