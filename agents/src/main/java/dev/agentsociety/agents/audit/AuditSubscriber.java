package dev.agentsociety.agents.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AuditTrail;
import io.dapr.Topic;
import io.dapr.client.domain.CloudEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Subscribes audit-agent to the topics it watches and serves the trail. */
@RestController
class AuditSubscriber {

    private static final Logger log = LoggerFactory.getLogger(AuditSubscriber.class);

    private final AuditTrail trail;

    AuditSubscriber(AuditTrail trail) {
        this.trail = trail;
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS, pubsubName = "${agent.pubsub:pubsub}")
    @PostMapping("/events/customer-signups")
    public void onSignup(@RequestBody CloudEvent<JsonNode> event) {
        record(event);
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.WELCOME_EMAILS, pubsubName = "${agent.pubsub:pubsub}")
    @PostMapping("/events/welcome-emails")
    public void onWelcomeEmail(@RequestBody CloudEvent<JsonNode> event) {
        record(event);
    }

    @GetMapping("/audit")
    public List<AuditTrail.Entry> entries() {
        return trail.entries();
    }

    private void record(CloudEvent<JsonNode> event) {
        JsonNode data = event.getData();
        String key = data != null && data.hasNonNull("customerId") ? data.get("customerId").asText() : null;
        AuditTrail.Entry entry = trail.record(event.getTopic(), event.getId(), event.getType(), key);
        log.info("audit-agent saw {} {} on {} (key {})", entry.type(), entry.eventId(), entry.topic(), entry.key());
    }
}
