package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * account-agent asks risk-agent for a credit limit (S3, request-reply over pub/sub). Published to
 * {@code credit-requests}, keyed by customerId; the answer goes to {@code replyTo}, carrying the correlationId.
 */
public record CreditRequested(
        String eventId,
        String correlationId,
        String customerId,
        String plan,
        String replyTo,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    /** The {@code replyTo} of a request asked synchronously (HTTP, service invocation): the answer is the response. */
    public static final String REPLY_IN_RESPONSE = "in-response";

    public CreditRequested {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** A new request under a fresh correlationId, to be answered on {@code replyTo}. */
    public static CreditRequested of(String customerId, String plan, String replyTo) {
        return new CreditRequested(UUID.randomUUID().toString(), UUID.randomUUID().toString(), customerId, plan, replyTo,
                Instant.now(), SCHEMA_VERSION);
    }

    @Override
    public String key() {
        return customerId;
    }
}
