package dev.agentsociety.agents.dapr;

import dev.agentsociety.domain.events.DomainEvent;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.BulkPublishEntry;
import io.dapr.client.domain.BulkPublishRequest;
import io.dapr.client.domain.PublishEventRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
    private final DaprPreviewClient bulk;
    private final String pubsub;
    private final Map<String, CompletableFuture<Void>> lastByKey = new ConcurrentHashMap<>();

    /** A publisher of single events (no {@link #publishAll}). */
    public DaprEventPublisher(DaprClient client, String pubsub) {
        this(client, null, pubsub);
    }

    /** @param bulk the client of Dapr's bulk publish API (alpha in 1.16), for {@link #publishAll} */
    public DaprEventPublisher(DaprClient client, DaprPreviewClient bulk, String pubsub) {
        this.client = client;
        this.bulk = bulk;
        this.pubsub = pubsub;
    }

    /** Blocks until the sidecar has the broker's acknowledgement (the Kafka component waits for all in-sync replicas). */
    public void publish(String topic, DomainEvent event) {
        publishAsync(topic, event).join();
    }

    /**
     * Hands the event to the sidecar (gRPC) and returns at once; the future completes when the sidecar has the
     * broker's acknowledgement. Several may be on their way at once.
     */
    public CompletableFuture<Void> publishAsync(String topic, DomainEvent event) {
        return client.publishEvent(pubsub, topic, event, metadata(event)).toFuture()
                .whenComplete((done, failure) -> log.debug("published {} {} to {} (key {})",
                        event.getClass().getSimpleName(), event.eventId(), topic, event.key()));
    }

    /**
     * Like {@link #publishAsync}, but an event waits for the publish of the one before it with the same key: the
     * sidecar handles concurrent publish calls concurrently, so two in flight for one key can reach the broker in
     * either order (a raw {@code KafkaProducer} keeps the order of its sends). Events of different keys still go
     * out side by side.
     */
    public CompletableFuture<Void> publishInKeyOrder(String topic, DomainEvent event) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        CompletableFuture<Void> before = lastByKey.put(event.key(), published);
        (before == null ? CompletableFuture.<Void>completedFuture(null) : before.handle((done, failure) -> (Void) null))
                .thenCompose(ready -> publishAsync(topic, event))
                .whenComplete((done, failure) -> {
                    lastByKey.remove(event.key(), published);
                    if (failure != null) {
                        published.completeExceptionally(failure);
                    } else {
                        published.complete(null);
                    }
                });
        return published;
    }

    /**
     * Publishes several events in one call to the sidecar (Dapr's bulk publish: one gRPC request, one
     * {@code SendMessages} to Kafka), in order, each with the same metadata {@link #publish} gives; the future fails
     * naming the entries the broker did not take.
     */
    public CompletableFuture<Void> publishAll(String topic, List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (bulk == null) {
            // not one by one in parallel instead: concurrent publishes of one key could land out of order
            throw new IllegalStateException("this publisher has no bulk client: build it with a DaprPreviewClient");
        }
        List<BulkPublishEntry<DomainEvent>> entries = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            DomainEvent event = events.get(i);
            entries.add(new BulkPublishEntry<>(Integer.toString(i), event, "application/json", metadata(event)));
        }
        return bulk.publishEvents(new BulkPublishRequest<>(pubsub, topic, entries)).toFuture().thenAccept(response -> {
            if (!response.getFailedEntries().isEmpty()) {
                throw new IllegalStateException(response.getFailedEntries().size() + " of " + events.size()
                        + " events not published to " + topic + ": " + response.getFailedEntries().get(0).getErrorMessage());
            }
        });
    }

    private static Map<String, String> metadata(DomainEvent event) {
        return Map.of(
                // the Kafka record key: same key, same partition, per-key order
                "partitionKey", event.key(),
                // the CloudEvent attributes a reader on either side dedupes and dispatches on
                "cloudevent.id", event.eventId(),
                "cloudevent.type", event.type());
    }

    /**
     * Forwards a record's value as it arrived (to a dead-letter topic): published as a raw payload, so the sidecar
     * writes the bytes unchanged and parses nothing; the metadata becomes Kafka record headers. One exception: a
     * value that begins with JSON {@code null} goes without its bytes ({@code dlq.value-dropped}; the record stays at
     * its source) — daprd 1.16.5's JetStream component parses every payload it publishes, raw ones too, as a
     * CloudEvent, and JSON null panics it (docs/findings.md); on Kafka such a value is a tombstone as daprd delivers it.
     */
    public void forward(String topic, byte[] value, Map<String, String> metadata) {
        Map<String, String> raw = new HashMap<>(metadata);
        raw.put("rawPayload", "true");
        byte[] sent = value;
        if (beginsWithJsonNull(value)) {
            raw.put("dlq.value-dropped", "JSON null (" + value.length + " bytes), which kills daprd's jetstream component");
            sent = new byte[0];
        }
        client.publishEvent(new PublishEventRequest(pubsub, topic, sent)
                .setContentType("application/octet-stream")
                .setMetadata(raw)).block();
    }

    /** Whether a JSON decoder reads {@code null} first: JSON whitespace, then the four letters. */
    static boolean beginsWithJsonNull(byte[] value) {
        int i = 0;
        while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' || value[i] == '\r')) {
            i++;
        }
        return value.length - i >= 4 && value[i] == 'n' && value[i + 1] == 'u' && value[i + 2] == 'l' && value[i + 3] == 'l';
    }
}
