package dev.agentsociety.agents.audit;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.agents.AuditTrail;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** audit-agent: records every event it is subscribed to; {@code GET /audit} reads the trail back. */
@SpringBootApplication
@Import(DaprTransport.class)
public class AuditAgentApplication {

    @Bean
    AuditTrail auditTrail() {
        return new AuditTrail(10_000, Clock.systemUTC());
    }

    public static void main(String[] args) {
        SpringApplication.run(AuditAgentApplication.class, args);
    }
}
