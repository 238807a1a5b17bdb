package dev.agentsociety.domain.ledger;

import java.time.Instant;

/** The account exists, for this customer; always an account's first event. */
public record AccountOpened(String eventId, String accountId, long sequence, String customerId, String causationId,
        String correlationId, Instant occurredAt, int schemaVersion) implements LedgerEvent {

    public static final int SCHEMA_VERSION = 1;
}
