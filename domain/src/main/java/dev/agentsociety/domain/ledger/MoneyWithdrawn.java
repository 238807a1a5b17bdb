package dev.agentsociety.domain.ledger;

import java.time.Instant;

/** Money taken off the account for a payment: the effect that must happen at most once per payment. */
public record MoneyWithdrawn(String eventId, String accountId, long sequence, long amountCents, String causationId,
        String correlationId, Instant occurredAt, int schemaVersion) implements LedgerEvent {

    public static final int SCHEMA_VERSION = 1;
}
