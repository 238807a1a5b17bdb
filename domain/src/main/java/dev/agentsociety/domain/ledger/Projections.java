package dev.agentsociety.domain.ledger;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read views built from the ledger's events and nothing else, so each can be dropped and rebuilt from the start
 * of the log, and a view added later catches up by reading from the start. Fed at least once (a log re-read, a
 * redelivery), each skips what it has already seen: an account's event at or below the last sequence applied.
 */
public final class Projections {

    private Projections() {
    }

    /** A read view: feed it every event, in each account's order. */
    public abstract static class Projection {

        private final Map<String, Long> applied = new HashMap<>();

        /** Applies the event unless this view has it already; true when applied. */
        public final synchronized boolean feed(LedgerEvent event) {
            long last = applied.getOrDefault(event.accountId(), 0L);
            if (event.sequence() <= last) {
                return false;
            }
            if (event.sequence() != last + 1) {
                throw new IllegalStateException(getClass().getSimpleName() + " missed events of " + event.accountId()
                        + ": has #" + last + ", got " + event.describeFor());
            }
            apply(event);
            applied.put(event.accountId(), event.sequence());
            return true;
        }

        protected abstract void apply(LedgerEvent event);
    }

    /** Each account's balance. */
    public static final class Balances extends Projection {

        private final Map<String, Long> balances = new TreeMap<>();

        @Override
        protected void apply(LedgerEvent event) {
            long delta = event instanceof MoneyDeposited d ? d.amountCents()
                    : event instanceof MoneyWithdrawn w ? -w.amountCents() : 0;
            balances.merge(event.accountId(), delta, Long::sum);
        }

        public synchronized Map<String, Long> balances() {
            return Map.copyOf(balances);
        }
    }

    /** Per customer and UTC day: money in, money out, payments refused. */
    public static final class DailyTotals extends Projection {

        public record Totals(long depositedCents, long withdrawnCents, int rejected) {
            Totals plus(Totals other) {
                return new Totals(depositedCents + other.depositedCents, withdrawnCents + other.withdrawnCents,
                        rejected + other.rejected);
            }
        }

        public record Day(String customerId, LocalDate day) {
        }

        private final Map<String, String> customerOf = new HashMap<>();
        private final Map<Day, Totals> totals = new HashMap<>();

        @Override
        protected void apply(LedgerEvent event) {
            if (event instanceof AccountOpened opened) {
                customerOf.put(event.accountId(), opened.customerId() == null ? "(unknown)" : opened.customerId());
                return;
            }
            Totals change = event instanceof MoneyDeposited d ? new Totals(d.amountCents(), 0, 0)
                    : event instanceof MoneyWithdrawn w ? new Totals(0, w.amountCents(), 0) : new Totals(0, 0, 1);
            Day day = new Day(customerOf.getOrDefault(event.accountId(), "(unknown)"),
                    event.occurredAt().atZone(ZoneOffset.UTC).toLocalDate());
            totals.merge(day, change, Totals::plus);
        }

        public synchronized Map<Day, Totals> totals() {
            return Map.copyOf(totals);
        }
    }
}
