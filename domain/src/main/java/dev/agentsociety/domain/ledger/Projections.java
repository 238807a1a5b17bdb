package dev.agentsociety.domain.ledger;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read views built from the ledger's events and nothing else, so each can be dropped and rebuilt from the start
 * of the log, and a view added later catches up by reading from the start. Fed at least once and, across a crash,
 * not always in order (the Dapr ledger publishes a command's events again when the command comes again), each
 * applies an account's events strictly by sequence: one it has already applied is skipped, one that comes before
 * those ahead of it waits for them.
 */
public final class Projections {

    private Projections() {
    }

    /** A read view: feed it every event of the ledger, in any order, any number of times. */
    public abstract static class Projection {

        private final Map<String, Long> applied = new HashMap<>();
        private final Map<String, TreeMap<Long, LedgerEvent>> early = new HashMap<>();

        /** Applies the event unless this view has it already or still waits for one before it; true when applied. */
        public final synchronized boolean feed(LedgerEvent event) {
            String account = event.accountId();
            long last = applied.getOrDefault(account, 0L);
            if (event.sequence() <= last) {
                return false;
            }
            if (event.sequence() != last + 1) {
                early.computeIfAbsent(account, a -> new TreeMap<>()).putIfAbsent(event.sequence(), event);
                return false;
            }
            apply(event);
            applied.put(account, event.sequence());
            // the ones that came early and follow it now
            TreeMap<Long, LedgerEvent> waiting = early.getOrDefault(account, new TreeMap<>());
            while (!waiting.isEmpty() && waiting.firstKey() <= applied.get(account) + 1) {
                LedgerEvent next = waiting.pollFirstEntry().getValue();
                if (next.sequence() == applied.get(account) + 1) {
                    apply(next);
                    applied.put(account, next.sequence());
                }
            }
            if (waiting.isEmpty()) {
                early.remove(account);
            }
            return true;
        }

        /** How many events this view has applied, each once. */
        public final synchronized long applied() {
            return applied.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Accounts with later events held back, and the sequence each waits for: empty when the view has no gap. */
        public final synchronized Map<String, Long> waiting() {
            Map<String, Long> waiting = new TreeMap<>();
            early.keySet().forEach(account -> waiting.put(account, applied.getOrDefault(account, 0L) + 1));
            return waiting;
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
