package dev.agentsociety.agents.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.EventReader;
import dev.agentsociety.domain.events.MalformedEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dapr transport of a signup-reacting agent: the sidecar delivers each signup to the subclass's
 * {@code @Topic} method, the domain decides, the answer is published through the sidecar. Returning normally
 * (HTTP 2xx) tells Dapr the event is done; an exception makes the sidecar redeliver it (at-least-once).
 * The mirror of the direct variant's {@code SignupReactionAgent}.
 *
 * <p>An event the agent cannot take is judged by the domain's {@link EventReader}, counted, logged with its
 * CloudEvent id and forwarded unchanged to {@code <topic>-dlq} with the reason as metadata ({@code dlq.reason},
 * a Kafka header); the event is then done. A payload that is not even JSON never reaches the app: daprd itself
 * sends it to the subscription's {@code deadLetterTopic} — without a reason, which only daprd's log gives.
 */
public abstract class SignupSubscriber {

    private static final Logger log = LoggerFactory.getLogger(SignupSubscriber.class);

    private final SignupReaction reaction;
    private final DaprEventPublisher publisher;
    private final String inputTopic;
    private final String outputTopic;
    private final AtomicLong deadLettered = new AtomicLong();

    protected SignupSubscriber(SignupReaction reaction, DaprEventPublisher publisher, AgentProperties properties) {
        this.reaction = reaction;
        this.publisher = publisher;
        this.inputTopic = properties.topics().customerSignups();
        this.outputTopic = reaction.outputTopic(properties.topics());
    }

    /** @param cloudEvent the request body exactly as the sidecar sent it: a CloudEvent in JSON */
    protected void react(byte[] cloudEvent) throws IOException {
        JsonNode envelope = EventJson.mapper().readTree(cloudEvent);
        String id = envelope.path("id").asText();
        CustomerSignedUp signup;
        try {
            signup = EventReader.read(envelope.path("type").asText(), data(envelope), CustomerSignedUp.class,
                    CustomerSignedUp.SCHEMA_VERSION);
        } catch (MalformedEventException malformed) {
            deadLetter(cloudEvent, id, malformed.getMessage());
            return;
        }
        log.info("{} got signup {} for customer {} (CloudEvent {})", reaction.name(), signup.eventId(),
                signup.customerId(), id);
        DomainEvent answer = reaction.onSignup(signup);
        publisher.publish(outputTopic, answer);
    }

    /** How many events this agent sent to a dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }

    private void deadLetter(byte[] cloudEvent, String id, String reason) {
        String topic = Topics.deadLetter(inputTopic);
        publisher.forward(topic, cloudEvent, Map.of("dlq.reason", reason, "dlq.agent", reaction.name(),
                "dlq.source", "CloudEvent " + id));
        deadLettered.incrementAndGet();
        log.warn("{} dead-lettered CloudEvent {} to {}: {}", reaction.name(), id, topic, reason);
    }

    private static byte[] data(JsonNode envelope) throws IOException {
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        return data.isTextual() ? data.asText().getBytes(StandardCharsets.UTF_8)
                : EventJson.mapper().writeValueAsBytes(data);
    }
}
