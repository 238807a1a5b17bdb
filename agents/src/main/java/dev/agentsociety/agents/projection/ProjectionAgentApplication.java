package dev.agentsociety.agents.projection;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.ledger.LedgerViews;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * projection-agent (Dapr): the ledger's read views, built from {@code ledger-events} alone and held in memory. Its
 * subscription is on the pub/sub component {@code replay} ({@code components/kafka/replay.yaml}), whose consumer
 * group is new at every start of daprd and starts at the oldest record: each start rebuilds the views from
 * scratch. The mirror of the direct variant's {@code ProjectionAgent}, which seeks to the beginning instead.
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class ProjectionAgentApplication {

    @Bean
    LedgerViews ledgerViews() {
        return new LedgerViews();
    }

    public static void main(String[] args) {
        SpringApplication.run(ProjectionAgentApplication.class, args);
    }
}
