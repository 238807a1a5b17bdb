package dev.agentsociety.agents.dapr;

import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import io.dapr.client.domain.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dapr transport of a signup-reacting agent: the sidecar delivers each signup to the subclass's
 * {@code @Topic} method, the domain decides, the answer is published through the sidecar. Returning normally
 * (HTTP 2xx) tells Dapr the event is done; an exception makes the sidecar redeliver it (at-least-once).
 * The mirror of the direct variant's {@code SignupReactionAgent}.
 */
public abstract class SignupSubscriber {

    private static final Logger log = LoggerFactory.getLogger(SignupSubscriber.class);

    private final SignupReaction reaction;
    private final DaprEventPublisher publisher;
    private final String outputTopic;

    protected SignupSubscriber(SignupReaction reaction, DaprEventPublisher publisher, AgentProperties properties) {
        this.reaction = reaction;
        this.publisher = publisher;
        this.outputTopic = reaction.outputTopic(properties.topics());
    }

    protected void react(CloudEvent<CustomerSignedUp> event) {
        CustomerSignedUp signup = event.getData();
        log.info("{} got signup {} for customer {} (CloudEvent {})", reaction.name(), signup.eventId(),
                signup.customerId(), event.getId());
        DomainEvent answer = reaction.onSignup(signup);
        publisher.publish(outputTopic, answer);
    }
}
