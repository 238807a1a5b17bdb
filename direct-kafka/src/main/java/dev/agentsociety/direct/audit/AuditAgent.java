package dev.agentsociety.direct.audit;

import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.direct.kafka.AgentHttp;
import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AuditTrail;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * audit-agent over raw Kafka: records every signup and welcome e-mail it sees, and serves the trail on SERVER_PORT
 * ({@code GET /audit}). The mirror of the Dapr AuditSubscriber.
 */
public final class AuditAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditAgent.class);

    private final AuditTrail trail = new AuditTrail(10_000, Clock.systemUTC());
    private final KafkaAgentLoop loop;
    private final HttpServer server;

    public AuditAgent(String bootstrapServers, Topics topics, int port) {
        this.loop = new KafkaAgentLoop(bootstrapServers, AuditTrail.NAME,
                List.of(topics.customerSignups(), topics.welcomeEmails()), this::record);
        this.server = AgentHttp.listen(AuditTrail.NAME, port);
        server.createContext("/audit", exchange -> AgentHttp.json(exchange, "GET", trail::entries));
    }

    public AuditAgent start() {
        server.start();
        loop.start();
        return this;
    }

    private void record(ReceivedEvent event) {
        AuditTrail.Entry entry = trail.record(event.topic(), event.envelope().describe(), event.envelope().type(),
                AuditTrail.keyOf(event.key(), event.envelope().data()));
        log.info("audit-agent saw {} {} on {} (key {})", entry.type(), entry.eventId(), entry.topic(), entry.key());
    }

    @Override
    public void close() {
        server.stop(0);
        loop.close();
    }
}
