package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;

/** account-agent opened the account of a new customer. Published to {@code accounts}, keyed by accountId. */
public record CustomerAccountOpened(
        String eventId,
        String accountId,
        String customerId,
        String plan,
        String causationId,
        String correlationId,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public CustomerAccountOpened {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String key() {
        return accountId;
    }
}
