package dev.agentsociety.domain.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A command to ledger-agent: put money on an account. Sent to {@code ledger-commands}, keyed by accountId, so all
 * of an account's commands share a partition and arrive in the order they were sent. {@code commandNo} numbers an
 * account's commands 1, 2, 3, ... — what the consumer-group scenario (S4) checks the order against.
 */
public record DepositRequested(
        String eventId,
        String accountId,
        long commandNo,
        long amountCents,
        Instant occurredAt,
        int schemaVersion) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public DepositRequested {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (commandNo < 1) {
            throw new IllegalArgumentException("commandNo starts at 1: " + commandNo);
        }
        if (amountCents <= 0) {
            throw new IllegalArgumentException("a deposit is positive: " + amountCents);
        }
    }

    public static DepositRequested of(String accountId, long commandNo, long amountCents) {
        return new DepositRequested(UUID.randomUUID().toString(), accountId, commandNo, amountCents, Instant.now(),
                SCHEMA_VERSION);
    }

    @Override
    public String key() {
        return accountId;
    }
}
