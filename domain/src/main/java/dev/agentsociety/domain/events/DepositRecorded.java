package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;

/**
 * ledger-agent recorded a deposit. Published to {@code ledger-events}, keyed by accountId; {@code causationId} is
 * the command's event id, {@code handledBy} the agent instance that took it (which makes rebalances visible in the
 * stream: an account's events change hands when its partition does).
 */
public record DepositRecorded(
        String eventId,
        String accountId,
        long commandNo,
        long amountCents,
        String handledBy,
        String causationId,
        String correlationId,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public DepositRecorded {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(handledBy, "handledBy");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String key() {
        return accountId;
    }
}
