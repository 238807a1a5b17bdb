package dev.agentsociety.domain.ledger;

import dev.agentsociety.domain.events.DomainEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A command on {@code payment-requested}, keyed by accountId: pay {@code amountCents} out of the account. Its
 * {@code eventId} is the payment's id: a publisher that retries sends the same id again, and the ledger must
 * still pay once. Answered by exactly one {@link MoneyWithdrawn} or {@link WithdrawalRejected}.
 */
public record PaymentRequested(String eventId, String accountId, long amountCents, Instant occurredAt, int schemaVersion)
        implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public PaymentRequested {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (amountCents <= 0) {
            throw new IllegalArgumentException("a payment is positive: " + amountCents);
        }
    }

    public static PaymentRequested of(String accountId, long amountCents) {
        return new PaymentRequested(UUID.randomUUID().toString(), accountId, amountCents, Instant.now(), SCHEMA_VERSION);
    }

    public LedgerCommand.Withdraw command() {
        return new LedgerCommand.Withdraw(eventId, accountId, amountCents);
    }

    @Override
    public String key() {
        return accountId;
    }
}
