package dev.agentsociety.direct.kafka;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signup-reacting agent over raw Kafka (welcome-agent, account-agent, recommendation-agent): the mirror of the
 * Dapr variant's {@code SignupSubscriber}. Each signup from the poll loop goes to the domain; the answer is sent
 * at once and the loop goes on (pipelined): it commits the signup's offset once the broker acknowledged the answer
 * and every answer before it.
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
        this.loop = KafkaAgentLoop.pipelined(bootstrapServers, reaction.name(), reaction.name(), List.of(topics.customerSignups()),
                this::react);
    }

    public SignupReactionAgent start() {
        loop.start();
        return this;
    }

    /** Decides, and sends the answer without waiting: the loop commits the signup once the broker has the answer. */
    private CompletableFuture<RecordMetadata> react(ReceivedEvent event) {
        CustomerSignedUp signup = event.read(CustomerSignedUp.class, CustomerSignedUp.SCHEMA_VERSION);
        log.info("{} got signup {} for customer {} ({}-{}@{})", reaction.name(), signup.eventId(), signup.customerId(),
                event.topic(), event.partition(), event.offset());
        DomainEvent answer = reaction.onSignup(signup);
        return publisher.send(outputTopic, answer);
    }

    @Override
    public void close() {
        loop.close();
        publisher.close();
    }
}
