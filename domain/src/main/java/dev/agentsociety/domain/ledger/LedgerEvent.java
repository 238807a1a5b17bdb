package dev.agentsociety.domain.ledger;

import dev.agentsociety.domain.EventTypes;
import dev.agentsociety.domain.events.DomainEvent;

/**
 * An event of the event-sourced ledger: a fact about one account, numbered by the account's version. Together,
 * oldest first, an account's events are its whole state; nothing else is kept that replay could not rebuild.
 *
 * <p>{@code sequence} is the account's version after this event (1 for the first); {@code causationId} the id of
 * the command that led to it; {@code correlationId} the conversation it belongs to (the first command's id).
 * Types are {@code agentsociety.ledger.<Name>.v<N>}, apart from the society's events of the same names.
 */
public sealed interface LedgerEvent extends DomainEvent
        permits AccountOpened, MoneyDeposited, MoneyWithdrawn, WithdrawalRejected {

    String accountId();

    long sequence();

    String causationId();

    String correlationId();

    @Override
    default String key() {
        return accountId();
    }

    /** "acc-7 #3 MoneyDeposited" */
    default String describeFor() {
        return accountId() + " #" + sequence() + " " + getClass().getSimpleName();
    }

    @Override
    default String type() {
        return EventTypes.typeOf("ledger." + getClass().getSimpleName(), schemaVersion());
    }
}
