package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A customer signed up. Published by signup-agent to {@code customer-signups}, keyed by customerId. */
public record CustomerSignedUp(
        String eventId,
        String customerId,
        String email,
        String plan,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public CustomerSignedUp {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static CustomerSignedUp of(String customerId, String email, String plan) {
        return new CustomerSignedUp(UUID.randomUUID().toString(), customerId, email, plan, Instant.now(), SCHEMA_VERSION);
    }

    @Override
    public String key() {
        return customerId;
    }
}
