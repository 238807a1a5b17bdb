package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;

/** welcome-agent sent the welcome e-mail for a signup. Published to {@code welcome-emails}, keyed by customerId. */
public record WelcomeEmailSent(
        String eventId,
        String customerId,
        String email,
        String subject,
        String causationId,
        String correlationId,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public WelcomeEmailSent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String key() {
        return customerId;
    }
}
