package dev.agentsociety.domain.ledger;

import java.time.Instant;

/** Money put on the account. */
public record MoneyDeposited(String eventId, String accountId, long sequence, long amountCents, String causationId,
        String correlationId, Instant occurredAt, int schemaVersion) implements LedgerEvent {

    public static final int SCHEMA_VERSION = 1;
}
