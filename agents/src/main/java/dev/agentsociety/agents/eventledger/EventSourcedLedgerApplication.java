package dev.agentsociety.agents.eventledger;

import dev.agentsociety.agents.dapr.DaprTransport;
import io.dapr.client.DaprClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * ledger-agent-es (Dapr): the event-sourced ledger, its accounts in the state store {@code agent.ledger-store}
 * (default {@code ledger-store}: a folder under {@code components/state/}, SQLite by default). The mirror of the direct
 * variant's {@code EventSourcedLedger}.
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class EventSourcedLedgerApplication {

    public static final String APP_ID = "ledger-agent-es";

    @Bean
    DaprLedgerStore daprLedgerStore(DaprClient client, @Value("${agent.ledger-store:ledger-store}") String store) {
        return new DaprLedgerStore(client, store);
    }

    public static void main(String[] args) {
        SpringApplication.run(EventSourcedLedgerApplication.class, args);
    }
}
