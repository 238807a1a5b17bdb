package dev.agentsociety.agents.ledger;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.LedgerAgent;
import java.lang.management.ManagementFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * ledger-agent (Dapr): records deposit commands, see {@link LedgerAgent}. Run it several times under the same
 * app-id and the sidecars join one Kafka consumer group ({@code ledger-agent}) and share the partitions.
 * {@code agent.instance} names this instance in what it records (default: pid@host).
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class LedgerAgentApplication {

    @Bean
    LedgerAgent ledgerAgent(@Value("${agent.instance:}") String instance) {
        return new LedgerAgent(instance.isBlank()
                ? LedgerAgent.NAME + "@" + ManagementFactory.getRuntimeMXBean().getName() : instance);
    }

    public static void main(String[] args) {
        SpringApplication.run(LedgerAgentApplication.class, args);
    }
}
