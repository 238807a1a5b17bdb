package dev.agentsociety.comparison.bench;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.agents.eventledger.DaprLedgerStore;
import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.comparison.scenario.exactlyonce.StateStore;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.eventledger.LedgerLog;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.LedgerCommand;
import dev.agentsociety.domain.ledger.LedgerEvent;
import io.dapr.client.DaprClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast each variant rebuilds accounts from their history: the same synthetic ledger (accounts of 100 events
 * each, deposits and payments) written to the direct variant's log ({@code ledger-events} in Kafka) and to the
 * Dapr variant's state store, then replayed — direct as {@code EventSourcedLedger} does on assignment (read the
 * partitions to their end, apply), Dapr as ledger-agent-es does for a query (bulk-read an account's events, apply);
 * and the read views rebuilt from the log by each variant's projection-agent.
 */
final class LedgerReplay {

    static final int EVENTS_PER_ACCOUNT = 100;

    private LedgerReplay() {
    }

    /** Accounts of {@link #EVENTS_PER_ACCOUNT} events, decided by the domain, about {@code events} in all. */
    static Map<String, List<LedgerEvent>> history(int events) {
        Clock clock = Clock.systemUTC();
        Map<String, List<LedgerEvent>> accounts = new LinkedHashMap<>();
        for (int a = 0; a < Math.max(1, events / EVENTS_PER_ACCOUNT); a++) {
            String id = "replay-" + a;
            Account account = Account.none(id);
            List<LedgerEvent> history = new ArrayList<>();
            for (int i = 0; history.size() < EVENTS_PER_ACCOUNT; i++) {
                LedgerCommand command = i % 3 == 2 ? new LedgerCommand.Withdraw(id + "-c" + i, id, 700)
                        : new LedgerCommand.Deposit(id + "-c" + i, id, 500);
                for (LedgerEvent event : account.decide(command, clock)) {
                    if (history.size() < EVENTS_PER_ACCOUNT) {
                        history.add(event);
                        account = account.apply(event);
                    }
                }
            }
            accounts.put(id, history);
        }
        return accounts;
    }

    /** Writes the history to a {@code ledger-events} topic of its own; the topics it belongs to. */
    static Topics seedLog(KafkaStack kafka, BenchRig rig, Map<String, List<LedgerEvent>> accounts) {
        Topics log = new Topics(rig.topic("replay-"));
        rig.createTopics(List.of("replay-" + Topics.LEDGER_EVENTS));
        seedLog(kafka, log, accounts);
        return log;
    }

    /** Writes the history to {@code log}'s {@code ledger-events}, which exists. */
    static void seedLog(KafkaStack kafka, Topics log, Map<String, List<LedgerEvent>> accounts) {
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "replay-seed")) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            accounts.values().forEach(events -> events.forEach(e -> sent.add(publisher.send(log.ledgerEvents(), e))));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }
    }

    static BenchmarkResults.Replay direct(KafkaStack kafka, Topics log, Map<String, List<LedgerEvent>> accounts) {
        LedgerLog reader = new LedgerLog(kafka.bootstrapServers());
        Map<String, Account> rebuilt = new HashMap<>();
        long started = System.nanoTime();
        reader.readToEnd(reader.partitions(log.ledgerEvents()), record -> LedgerLog.event(record).ifPresent(event ->
                rebuilt.compute(event.accountId(), (id, known) -> (known == null ? Account.none(id) : known).apply(event))));
        return result("direct-kafka", "read ledger-events to its end (read_committed) and apply", accounts, rebuilt,
                System.nanoTime() - started);
    }

    /**
     * The read views rebuilt from the log: projection-agent of the implementation started on it, timed from its
     * first event applied to its last (its start — a JVM, and for Dapr a daprd — is reported apart); an account
     * counts as exact when its balance in the view is the one its history replays to.
     */
    static BenchmarkResults.Replay views(KafkaStack kafka, Implementation implementation, Topics log, Map<String, List<LedgerEvent>> accounts,
            Path logs) throws Exception {
        long events = accounts.values().stream().mapToLong(List::size).sum();
        long started = System.nanoTime();
        AtomicLong first = new AtomicLong();
        try (Implementation.Views views = implementation.startProjectionAgent(kafka, log, logs)) {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                long applied = views.status().applied();
                if (applied > 0) {
                    first.compareAndSet(0, System.nanoTime());
                }
                return applied >= events;
            });
            long done = System.nanoTime();
            Map<String, Long> balances = views.balances();
            long matching = accounts.entrySet().stream().filter(a -> Long.valueOf(Account.replay(a.getKey(), a.getValue())
                    .balanceCents()).equals(balances.get(a.getKey()))).count();
            return new BenchmarkResults.Replay(implementation.label() + " views", "projection-agent from the oldest event: "
                    + (implementation == Implementation.DAPR ? "delivered by daprd, a new consumer group" : "assign + seekToBeginning"),
                    events, (long) accounts.size(), matching, Math.round((done - first.get()) / 1e6) / 1000.0,
                    Math.round(events * 1e9 / Math.max(1, done - first.get())), Math.round((first.get() - started) / 1e6) / 1000.0, null);
        }
    }

    static BenchmarkResults.Replay dapr(KafkaStack kafka, Map<String, List<LedgerEvent>> accounts, Path logs) throws Exception {
        // the store is scoped to ledger-agent-es: a sidecar of that app-id (without the app) reaches it
        try (StateStore.Running sqlite = StateStore.SQLITE.start(logs);
             DaprSidecar sidecar = new DaprSidecar(EventSourcedLedgerApplication.APP_ID, null,
                     List.of(Repo.components("kafka"), sqlite.kind().folder()),
                     Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers(), "LEDGER_STORE", sqlite.address()), logs).start();
             DaprClient client = DaprTransport.clientBuilder(new AgentProperties.Sidecar("127.0.0.1", sidecar.httpPort(),
                     sidecar.grpcPort())).build()) {
            DaprLedgerStore store = new DaprLedgerStore(client, "ledger-store");
            accounts.forEach(store::importHistory);
            Map<String, Account> rebuilt = new HashMap<>();
            long started = System.nanoTime();
            accounts.forEach((id, history) -> rebuilt.put(id, Account.replay(id, store.events(id, 1, history.size()))));
            return result("dapr", "bulk-read each account's events from the state store (SQLite) and apply", accounts,
                    rebuilt, System.nanoTime() - started);
        }
    }

    private static BenchmarkResults.Replay result(String variant, String how, Map<String, List<LedgerEvent>> accounts,
            Map<String, Account> rebuilt, long nanos) {
        long events = accounts.values().stream().mapToLong(List::size).sum();
        long matching = accounts.entrySet().stream()
                .filter(a -> Account.replay(a.getKey(), a.getValue()).equals(rebuilt.get(a.getKey()))).count();
        return new BenchmarkResults.Replay(variant, how, events, (long) accounts.size(), matching, Math.round(nanos / 1e6) / 1000.0,
                Math.round(events * 1e9 / Math.max(1, nanos)), null, null);
    }
}
