package dev.agentsociety.agents.dapr;

import dev.agentsociety.domain.events.DomainEvent;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a domain event through the sidecar: {@code DaprClient.publishEvent}. The sidecar wraps it in a
 * CloudEvent whose id and type are the event's own, and writes it to Kafka keyed by the event's key.
 */
public class DaprEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(DaprEventPublisher.class);

    private final DaprClient client;
    private final String pubsub;

    public DaprEventPublisher(DaprClient client, String pubsub) {
        this.client = client;
        this.pubsub = pubsub;
    }

    /** Blocks until the sidecar has the broker's acknowledgement (the Kafka component waits for all in-sync replicas). */
    public void publish(String topic, DomainEvent event) {
        Map<String, String> metadata = Map.of(
                // the Kafka record key: same key, same partition, per-key order
                "partitionKey", event.key(),
                // the CloudEvent attributes a reader on either side dedupes and dispatches on
                "cloudevent.id", event.eventId(),
                "cloudevent.type", event.type());
        client.publishEvent(pubsub, topic, event, metadata).block();
        log.info("published {} {} to {} (key {})", event.getClass().getSimpleName(), event.eventId(), topic, event.key());
    }

    /**
     * Forwards a record's value as it arrived (to a dead-letter topic): published as a raw payload, so the sidecar
     * writes the bytes unchanged and parses nothing; the metadata becomes Kafka record headers.
     */
    public void forward(String topic, byte[] value, Map<String, String> metadata) {
        Map<String, String> raw = new HashMap<>(metadata);
        raw.put("rawPayload", "true");
        client.publishEvent(new PublishEventRequest(pubsub, topic, value)
                .setContentType("application/octet-stream")
                .setMetadata(raw)).block();
    }
}
