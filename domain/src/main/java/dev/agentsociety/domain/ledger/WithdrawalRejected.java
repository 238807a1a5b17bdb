package dev.agentsociety.domain.ledger;

import java.time.Instant;

/**
 * ledger-agent's decision not to pay, with its reason and the balance it decided on. It is an event of the
 * account (it takes a sequence number) so that the account's history says what was asked and refused.
 */
public record WithdrawalRejected(String eventId, String accountId, long sequence, long amountCents, String reason,
        long balanceCents, String causationId, String correlationId, Instant occurredAt, int schemaVersion)
        implements LedgerEvent {

    public static final int SCHEMA_VERSION = 1;
}
