package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** recommendation-agent chose the first products to suggest. Published to {@code recommendations}, keyed by customerId. */
public record RecommendationsReady(
        String eventId,
        String customerId,
        List<String> products,
        String causationId,
        String correlationId,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public RecommendationsReady {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        products = List.copyOf(products);
    }

    @Override
    public String key() {
        return customerId;
    }
}
