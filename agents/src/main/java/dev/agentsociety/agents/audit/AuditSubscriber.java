package dev.agentsociety.agents.audit;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AuditTrail;
import io.dapr.Topic;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subscribes audit-agent to the topics it watches and serves the trail: every event it can open is recorded,
 * whatever its type; a record it cannot open goes to the topic's dead letters. The mirror of the direct AuditAgent.
 */
@RestController
class AuditSubscriber {

    private static final Logger log = LoggerFactory.getLogger(AuditSubscriber.class);

    private final AuditTrail trail;
    private final IncomingEvents incoming;
    private final Topics topics;

    AuditSubscriber(AuditTrail trail, IncomingEvents incoming, AgentProperties properties) {
        this.trail = trail;
        this.incoming = incoming;
        this.topics = properties.topics();
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/customer-signups")
    public void onSignup(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        record(Topics.CUSTOMER_SIGNUPS, IncomingEvents.Delivery.of(record, headers));
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.WELCOME_EMAILS, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/welcome-emails")
    public void onWelcomeEmail(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        record(Topics.WELCOME_EMAILS, IncomingEvents.Delivery.of(record, headers));
    }

    @GetMapping("/audit")
    public List<AuditTrail.Entry> entries() {
        return trail.entries();
    }

    private void record(String topic, IncomingEvents.Delivery delivery) {
        incoming.open(delivery, topic, AuditTrail.NAME).ifPresent(envelope -> {
            AuditTrail.Entry entry = trail.record(topics.prefix() + topic, envelope.describe(),
                    envelope.type(), AuditTrail.keyOf(delivery.key(), envelope.data()));
            log.info("audit-agent saw {} {} on {} (key {})", entry.type(), entry.eventId(), entry.topic(), entry.key());
        });
    }
}
