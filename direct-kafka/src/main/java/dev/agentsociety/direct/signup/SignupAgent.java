package dev.agentsociety.direct.signup;

import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/** signup-agent over raw Kafka: publishes CustomerSignedUp to customer-signups, keyed by customerId. */
public final class SignupAgent implements AutoCloseable {

    public static final String NAME = "signup-agent";

    private final KafkaEventPublisher publisher;
    private final Topics topics;

    public SignupAgent(String bootstrapServers, Topics topics) {
        this.publisher = new KafkaEventPublisher(bootstrapServers, NAME);
        this.topics = topics;
    }

    public RecordMetadata signUp(CustomerSignedUp signup) {
        return publisher.publish(topics.customerSignups(), signup);
    }

    /** Hands the signup to the producer and returns at once; the future completes with the broker's acknowledgement. */
    public CompletableFuture<RecordMetadata> send(CustomerSignedUp signup) {
        return publisher.send(topics.customerSignups(), signup);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
