package dev.agentsociety.agents.scale;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * customer-agents (Dapr): one app hosting many customer agents, see {@link CustomerAgents}; several instances share
 * the app-id, so its sidecars share the consumer group. {@code agent.scale.population} customers,
 * {@code agent.scale.style} {@code events} or {@code sync}, {@code agent.scale.slow-customer} taking
 * {@code agent.scale.slowness} per note. Mirror of the direct {@code CustomerAgentsHost}.
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class CustomerAgentsApplication {

    @Bean
    CustomerAgents customerAgents(@Value("${agent.scale.population:1000}") int population,
            @Value("${agent.scale.slow-customer:}") String slowCustomer, @Value("${agent.scale.slowness:0ms}") Duration slowness) {
        return new CustomerAgents(population, slowCustomer, slowness);
    }

    public static void main(String[] args) {
        SpringApplication.run(CustomerAgentsApplication.class, args);
    }
}
