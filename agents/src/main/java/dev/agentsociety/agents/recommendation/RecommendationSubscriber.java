package dev.agentsociety.agents.recommendation;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.agents.dapr.SignupSubscriber;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.RecommendationAgent;
import io.dapr.Topic;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** recommendation-agent's subscription to signups, declared by {@code @Topic}. */
@RestController
class RecommendationSubscriber extends SignupSubscriber {

    RecommendationSubscriber(RecommendationAgent agent, DaprEventPublisher publisher, IncomingEvents incoming,
            AgentProperties properties) {
        super(agent, publisher, incoming, properties);
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS, pubsubName = "${agent.pubsub:pubsub}",
            deadLetterTopic = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS + "-dlq", metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/customer-signups")
    public void onSignup(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        react(IncomingEvents.Delivery.of(record, headers));
    }
}
