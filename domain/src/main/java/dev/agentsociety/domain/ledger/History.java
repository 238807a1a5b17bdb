package dev.agentsociety.domain.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Questions asked of one account's events, oldest first: its state at a point in time or at a version, and why a
 * decision was taken — the chain of commands and events that led to it.
 */
public final class History {

    private final String accountId;
    private final List<LedgerEvent> events;

    public History(String accountId, List<? extends LedgerEvent> events) {
        this.accountId = accountId;
        this.events = List.copyOf(events);
    }

    /** The account as it was once every event up to and including {@code at} had happened. */
    public Account asOf(Instant at) {
        return Account.replay(accountId, events.stream().filter(e -> !e.occurredAt().isAfter(at)).toList());
    }

    /** The account at {@code version} (its first {@code version} events). */
    public Account atVersion(long version) {
        return Account.replay(accountId, events.stream().filter(e -> e.sequence() <= version).toList());
    }

    /** The account from a snapshot and the events after it; equals {@link Account#replay} of all of them. */
    public Account from(Optional<Snapshot> snapshot) {
        Account start = snapshot.map(Snapshot::account).orElse(Account.none(accountId));
        return start.applyAll(events.stream().filter(e -> e.sequence() > start.version()).toList());
    }

    /**
     * Why the event {@code eventId} happened, for a person: every event of the account up to it, oldest first,
     * each with the command that caused it and the balance after it. {@code commands} names commands by id (what
     * was asked); a command not found there is shown by its id.
     */
    public List<String> why(String eventId, Map<String, String> commands) {
        LedgerEvent decision = events.stream().filter(e -> e.eventId().equals(eventId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event " + eventId + " in " + accountId));
        List<String> lines = new ArrayList<>();
        Account account = Account.none(accountId);
        for (LedgerEvent event : events) {
            if (event.sequence() > decision.sequence()) {
                break;
            }
            account = account.apply(event);
            lines.add(String.format(Locale.ROOT, "%s #%d %s %s <- %s; balance %s", event.occurredAt(), event.sequence(),
                    event.getClass().getSimpleName(), what(event),
                    commands.getOrDefault(event.causationId(), "command " + event.causationId()), money(account.balanceCents())));
        }
        return lines;
    }

    private static String what(LedgerEvent event) {
        if (event instanceof AccountOpened opened) {
            return opened.customerId() == null ? "(no customer named)" : "for " + opened.customerId();
        }
        if (event instanceof MoneyDeposited deposited) {
            return "+" + money(deposited.amountCents());
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return "-" + money(withdrawn.amountCents());
        }
        WithdrawalRejected rejected = (WithdrawalRejected) event;
        return "refused " + money(rejected.amountCents()) + ": " + rejected.reason() + " (balance was "
                + money(rejected.balanceCents()) + ")";
    }

    public static String money(long cents) {
        return String.format(Locale.ROOT, "%s%d.%02d", cents < 0 ? "-" : "", Math.abs(cents) / 100, Math.abs(cents) % 100);
    }
}
