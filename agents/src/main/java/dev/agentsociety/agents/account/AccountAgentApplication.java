package dev.agentsociety.agents.account;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.AccountAgent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** account-agent (Dapr): answers every signup, see {@link AccountAgent}. */
@SpringBootApplication
@Import(DaprTransport.class)
public class AccountAgentApplication {

    @Bean
    AccountAgent accountAgent() {
        return new AccountAgent();
    }

    public static void main(String[] args) {
        SpringApplication.run(AccountAgentApplication.class, args);
    }
}
