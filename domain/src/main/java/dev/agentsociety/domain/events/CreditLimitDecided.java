package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;

/** risk-agent's answer to a {@link CreditRequested}: the limit, in cents, under the request's correlationId. */
public record CreditLimitDecided(
        String eventId,
        String correlationId,
        String customerId,
        long limitCents,
        String causationId,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public CreditLimitDecided {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String key() {
        return customerId;
    }
}
