package dev.agentsociety.agents.dapr;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dapr transport of a signup-reacting agent: the sidecar delivers each signup to the subclass's
 * {@code @Topic} method, the domain decides, the answer is published through the sidecar. Returning normally
 * (HTTP 2xx) tells Dapr the event is done; an exception makes the sidecar redeliver it (at-least-once). A signup
 * the agent cannot take goes to the dead-letter topic ({@link IncomingEvents}).
 * The mirror of the direct variant's {@code SignupReactionAgent}.
 */
public abstract class SignupSubscriber {

    private static final Logger log = LoggerFactory.getLogger(SignupSubscriber.class);

    private final SignupReaction reaction;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final String outputTopic;

    protected SignupSubscriber(SignupReaction reaction, DaprEventPublisher publisher, IncomingEvents incoming,
            AgentProperties properties) {
        this.reaction = reaction;
        this.publisher = publisher;
        this.incoming = incoming;
        this.outputTopic = reaction.outputTopic(properties.topics());
    }

    /** @param delivery the record as the sidecar delivered it */
    protected void react(IncomingEvents.Delivery delivery) {
        incoming.read(delivery, Topics.CUSTOMER_SIGNUPS, CustomerSignedUp.class, CustomerSignedUp.SCHEMA_VERSION,
                reaction.name()).ifPresent(signup -> {
                    log.info("{} got signup {} for customer {}", reaction.name(), signup.eventId(), signup.customerId());
                    publisher.publish(outputTopic, reaction.onSignup(signup));
                });
    }
}
