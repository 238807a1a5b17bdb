package dev.agentsociety.direct;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signup-reacting agent over raw Kafka (welcome-agent, account-agent, recommendation-agent): the mirror of the
 * Dapr variant's {@code SignupSubscriber}. Each signup from the poll loop goes to the domain; the answer is
 * published and acknowledged before the loop commits the signup's offset.
 */
public final class SignupReactionAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignupReactionAgent.class);

    private final SignupReaction reaction;
    private final String outputTopic;
    private final KafkaEventPublisher publisher;
    private final KafkaAgentLoop loop;

    public SignupReactionAgent(String bootstrapServers, Topics topics, SignupReaction reaction) {
        this.reaction = reaction;
        this.outputTopic = reaction.outputTopic(topics);
        this.publisher = new KafkaEventPublisher(bootstrapServers, reaction.name());
        this.loop = new KafkaAgentLoop(bootstrapServers, reaction.name(), List.of(topics.customerSignups()), this::react);
    }

    public SignupReactionAgent start() {
        loop.start();
        return this;
    }

    private void react(ReceivedEvent event) {
        CustomerSignedUp signup = event.read(CustomerSignedUp.class, CustomerSignedUp.SCHEMA_VERSION);
        log.info("{} got signup {} for customer {} ({}-{}@{})", reaction.name(), signup.eventId(), signup.customerId(),
                event.topic(), event.partition(), event.offset());
        DomainEvent answer = reaction.onSignup(signup);
        publisher.publish(outputTopic, answer);
    }

    @Override
    public void close() {
        loop.close();
        publisher.close();
    }
}
