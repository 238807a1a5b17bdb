package dev.agentsociety.agents.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.EventReader;
import dev.agentsociety.domain.events.MalformedEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a Dapr agent takes an event the sidecar delivers: the CloudEvent is judged by the domain's
 * {@link EventReader}; one it cannot take is counted, logged with its CloudEvent id and forwarded unchanged to
 * {@code <topic>-dlq} with the reason as metadata ({@code dlq.reason}, a Kafka header), and the delivery is done.
 * A payload that is not even JSON never reaches the app: daprd itself sends it to the subscription's
 * {@code deadLetterTopic} — without a reason, which only daprd's log gives. The direct variant's counterpart is
 * {@code KafkaAgentLoop}.
 */
public class IncomingEvents {

    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);

    private final DaprEventPublisher publisher;
    private final Topics topics;
    private final AtomicLong deadLettered = new AtomicLong();

    public IncomingEvents(DaprEventPublisher publisher, Topics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    /**
     * @param cloudEvent the request body exactly as the sidecar sent it
     * @param topic      the topic's name without prefix, e.g. {@link Topics#CUSTOMER_SIGNUPS}
     * @return the event, or empty when it went to the dead-letter topic
     */
    public <T extends DomainEvent> Optional<T> read(byte[] cloudEvent, String topic, Class<T> type, int supportedVersion,
            String agent) throws IOException {
        JsonNode envelope = EventJson.mapper().readTree(cloudEvent);
        String id = envelope.path("id").asText();
        try {
            return Optional.of(EventReader.read(envelope.path("type").asText(), data(envelope), type, supportedVersion));
        } catch (MalformedEventException malformed) {
            String deadLetters = Topics.deadLetter(topics.prefix() + topic);
            publisher.forward(deadLetters, cloudEvent, Map.of("dlq.reason", malformed.getMessage(), "dlq.agent", agent,
                    "dlq.source", "CloudEvent " + id));
            deadLettered.incrementAndGet();
            log.warn("{} dead-lettered CloudEvent {} to {}: {}", agent, id, deadLetters, malformed.getMessage());
            return Optional.empty();
        }
    }

    /** How many events this agent sent to a dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** The {@code data} of a structured CloudEvent as JSON bytes, whether daprd left it an object or a string; null if none. */
    public static byte[] data(JsonNode envelope) throws IOException {
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        return data.isTextual() ? data.asText().getBytes(StandardCharsets.UTF_8) : EventJson.mapper().writeValueAsBytes(data);
    }
}
