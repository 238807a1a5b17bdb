package dev.agentsociety.domain.scale;

import dev.agentsociety.domain.events.DomainEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One customer agent tells a peer about its customer's activity: published to {@code peer-notes} keyed by the
 * recipient ({@code customerId}) in the event style, or handed to the recipient in a synchronous call in the other.
 * {@code occurredAt} is the activity's intended time, so the recipient can tell how long the whole chain took.
 */
public record PeerNoted(String eventId, String customerId, String fromCustomerId, String activityId, Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public PeerNoted {
        Objects.requireNonNull(eventId, "eventId");
        CustomerAgents.requireCustomer(customerId, "customerId");
        CustomerAgents.requireCustomer(fromCustomerId, "fromCustomerId");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String key() {
        return customerId;
    }
}
