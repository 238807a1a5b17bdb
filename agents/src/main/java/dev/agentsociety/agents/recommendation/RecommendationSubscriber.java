package dev.agentsociety.agents.recommendation;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.agents.dapr.SignupSubscriber;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.RecommendationAgent;
import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.springboot.annotations.BulkSubscribe;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** recommendation-agent's subscription to signups, declared by {@code @Topic}, in batches ({@code @BulkSubscribe}). */
@RestController
class RecommendationSubscriber extends SignupSubscriber {

    RecommendationSubscriber(RecommendationAgent agent, DaprEventPublisher publisher, IncomingEvents incoming,
            AgentProperties properties) {
        super(agent, publisher, incoming, properties);
    }

    @BulkSubscribe(maxMessagesCount = SignupSubscriber.BATCH, maxAwaitDurationMs = SignupSubscriber.BATCH_WAIT_MS)
    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/customer-signups")
    public BulkSubscribeAppResponse onSignups(@RequestBody byte[] bulk) throws IOException {
        return reactAll(bulk);
    }
}
