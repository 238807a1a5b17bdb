package dev.agentsociety.domain.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An account as the ledger's events make it: the aggregate. {@link #apply} folds one event in (and refuses one out
 * of sequence); {@link #decide} turns a command into the events it causes, numbered from this version on, without
 * changing anything — the caller appends them, and only then applies them.
 *
 * <p>Event ids follow from the command id, so deciding the same command on the same state twice gives the same
 * events: a duplicate is visible as a repeated id.
 */
public record Account(String accountId, long version, boolean open, String customerId, long balanceCents) {

    public static Account none(String accountId) {
        return new Account(accountId, 0, false, null, 0);
    }

    /** Rebuilds from events, oldest first. */
    public static Account replay(String accountId, Iterable<? extends LedgerEvent> events) {
        return none(accountId).applyAll(events);
    }

    public Account applyAll(Iterable<? extends LedgerEvent> events) {
        Account account = this;
        for (LedgerEvent event : events) {
            account = account.apply(event);
        }
        return account;
    }

    public Account apply(LedgerEvent event) {
        if (!event.accountId().equals(accountId)) {
            throw new IllegalArgumentException(event.describeFor() + " is not of " + accountId);
        }
        if (event.sequence() != version + 1) {
            throw new IllegalStateException(accountId + " is at version " + version + ", cannot apply " + event.describeFor());
        }
        if (event instanceof AccountOpened opened) {
            return new Account(accountId, opened.sequence(), true, opened.customerId(), balanceCents);
        }
        if (event instanceof MoneyDeposited deposited) {
            return new Account(accountId, deposited.sequence(), open, customerId, balanceCents + deposited.amountCents());
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return new Account(accountId, withdrawn.sequence(), open, customerId, balanceCents - withdrawn.amountCents());
        }
        return new Account(accountId, event.sequence(), open, customerId, balanceCents); // WithdrawalRejected: a record only
    }

    /** The events a command causes on this state; empty when it changes nothing (an account opened twice). */
    public List<LedgerEvent> decide(LedgerCommand command, Clock clock) {
        if (!command.accountId().equals(accountId)) {
            throw new IllegalArgumentException("command " + command.commandId() + " is for " + command.accountId());
        }
        List<LedgerEvent> events = new ArrayList<>();
        long next = version + 1;
        if (command instanceof LedgerCommand.OpenAccount openAccount) {
            if (!open) {
                events.add(new AccountOpened(eventId(command, 0), accountId, next, openAccount.customerId(),
                        command.commandId(), command.correlationId(), clock.instant(), AccountOpened.SCHEMA_VERSION));
            }
        } else if (command instanceof LedgerCommand.Deposit deposit) {
            if (!open) { // money for an account nobody opened opens it, for no known customer
                events.add(new AccountOpened(eventId(command, 0), accountId, next++, null, command.commandId(),
                        command.correlationId(), clock.instant(), AccountOpened.SCHEMA_VERSION));
            }
            events.add(new MoneyDeposited(eventId(command, 1), accountId, next, deposit.amountCents(),
                    command.commandId(), command.correlationId(), clock.instant(), MoneyDeposited.SCHEMA_VERSION));
        } else if (command instanceof LedgerCommand.Withdraw withdraw) {
            String refusal = !open ? "no such account" : balanceCents < withdraw.amountCents() ? "insufficient funds" : null;
            events.add(refusal == null
                    ? new MoneyWithdrawn(eventId(command, 0), accountId, next, withdraw.amountCents(), command.commandId(),
                            command.correlationId(), clock.instant(), MoneyWithdrawn.SCHEMA_VERSION)
                    : new WithdrawalRejected(eventId(command, 0), accountId, next, withdraw.amountCents(), refusal,
                            balanceCents, command.commandId(), command.correlationId(), clock.instant(),
                            WithdrawalRejected.SCHEMA_VERSION));
        }
        return events;
    }

    private static String eventId(LedgerCommand command, int index) {
        return UUID.nameUUIDFromBytes(("ledger:" + command.commandId() + "#" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
