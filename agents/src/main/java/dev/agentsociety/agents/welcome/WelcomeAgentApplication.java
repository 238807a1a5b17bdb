package dev.agentsociety.agents.welcome;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.WelcomeAgent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** welcome-agent: every signup gets a welcome e-mail. */
@SpringBootApplication
@Import(DaprTransport.class)
public class WelcomeAgentApplication {

    @Bean
    WelcomeAgent welcomeAgent() {
        return new WelcomeAgent();
    }

    public static void main(String[] args) {
        SpringApplication.run(WelcomeAgentApplication.class, args);
    }
}
