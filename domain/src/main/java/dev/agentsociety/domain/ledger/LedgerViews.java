package dev.agentsociety.domain.ledger;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What projection-agent holds in both variants: the ledger's two read views, fed every event of
 * {@code ledger-events} from the oldest on and kept in memory — so each start of the agent is a rebuild from scratch
 * that touches nothing but the topic, and a view added later catches up the same way. The adapters only feed it
 * and serve what it says ({@code GET /balances}, {@code /daily-totals}, {@code /status}).
 */
public final class LedgerViews {

    public static final String NAME = "projection-agent";

    /** One customer's day: money in, money out, payments refused. */
    public record DayTotals(String customerId, LocalDate day, long depositedCents, long withdrawnCents, int rejected) {
    }

    /** How far the views are: events applied, events that could not be read, accounts waiting for an earlier event. */
    public record Status(long applied, long unreadable, Map<String, Long> waiting) {
    }

    private final Projections.Balances balances = new Projections.Balances();
    private final Projections.DailyTotals daily = new Projections.DailyTotals();
    private long unreadable;

    public void feed(LedgerEvent event) {
        balances.feed(event);
        daily.feed(event);
    }

    /** A record on the topic that is no ledger event: counted, nothing applied. */
    public synchronized void unreadable() {
        unreadable++;
    }

    /** Each account's balance in cents. */
    public Map<String, Long> balances() {
        return balances.balances();
    }

    /** Every customer's days, by customer and day. */
    public List<DayTotals> dailyTotals() {
        return daily.totals().entrySet().stream()
                .map(e -> new DayTotals(e.getKey().customerId(), e.getKey().day(), e.getValue().depositedCents(),
                        e.getValue().withdrawnCents(), e.getValue().rejected()))
                .sorted(Comparator.comparing(DayTotals::customerId).thenComparing(DayTotals::day))
                .toList();
    }

    public synchronized Status status() {
        return new Status(balances.applied(), unreadable, balances.waiting());
    }
}
