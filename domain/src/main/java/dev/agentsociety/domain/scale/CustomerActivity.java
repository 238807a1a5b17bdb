package dev.agentsociety.domain.scale;

import dev.agentsociety.domain.events.DomainEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * Something a customer did, for its agent to react to (the scale scenario's stimulus). Published to
 * {@code customer-activity} by the client outside the society (the scenario), keyed by customerId. {@code occurredAt}
 * is when the activity was meant to be sent: latency counts from there, not from whenever the sender got to it.
 */
public record CustomerActivity(String eventId, String customerId, Instant occurredAt, int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public CustomerActivity {
        Objects.requireNonNull(eventId, "eventId");
        CustomerAgents.requireCustomer(customerId, "customerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String key() {
        return customerId;
    }
}
