package dev.agentsociety.comparison.bench;

import dev.agentsociety.comparison.bench.BenchmarkResults.Replay;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.domain.ledger.LedgerEvent;
import java.util.List;
import java.util.Map;

/**
 * The event-sourced ledger rebuilt from its history (S6's replay), as {@code ./benchmark} measures it, on the
 * comparison's broker: {@code --messages} events (accounts of 100, decided by the domain) written to the run's
 * {@code ledger-events}, then rebuilt by the implementation — direct-kafka reads the log to its end and applies it,
 * Dapr bulk-reads each account's events from its state store — and projection-agent's views rebuilt from the log.
 * Passed when every account of both is the one its history replays to; the throughput is the rebuild's events per
 * second.
 */
public final class ReplayScenario implements Scenario {

    public static final String NAME = "replay";

    /** What each rebuild made of the history: the ledger's own, then the read views. */
    public record ReplayDetails(List<Replay> rebuilds) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "the event-sourced ledger's accounts and projection-agent's views rebuilt from --messages events of history";
    }

    @Override
    public int defaultMessages() {
        return 10_000;
    }

    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        Map<String, List<LedgerEvent>> history = LedgerReplay.history(stage.signups());
        long events = history.values().stream().mapToLong(List::size).sum();
        progress.phase("writing " + events + " events to ledger-events", 0);
        LedgerReplay.seedLog(stage.kafka(), stage.topics(), history);
        progress.phase(implementation == Implementation.DAPR ? "rebuilding from the state store" : "rebuilding from the log", 0);
        Replay ledger = implementation == Implementation.DAPR ? LedgerReplay.dapr(stage.kafka(), history, stage.logs())
                : LedgerReplay.direct(stage.kafka(), stage.topics(), history);
        progress.phase("rebuilding projection-agent's views", 0);
        Replay views = LedgerReplay.views(stage.kafka(), implementation, stage.topics(), history, stage.logs());
        long accounts = history.size();
        long exact = Math.min(ledger.accountsRebuiltExactly(), views.accountsRebuiltExactly());
        return ScenarioResult.of(NAME, implementation.label(), "kafka")
                .counts(accounts, exact, 0, accounts - exact, 0).passed(ledger.exact() && views.exact())
                .throughputPerSec(ledger.eventsPerSec())
                .details(new ReplayDetails(List.of(ledger, views))).build();
    }
}
