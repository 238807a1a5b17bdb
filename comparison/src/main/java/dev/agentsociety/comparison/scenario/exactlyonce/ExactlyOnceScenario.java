package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.HostedDirectAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.eventledger.EventSourcedLedger;
import dev.agentsociety.direct.eventledger.LedgerLog;
import dev.agentsociety.direct.eventledger.LedgerQuery;
import dev.agentsociety.direct.kafka.KafkaEventCodec;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.History;
import dev.agentsociety.domain.ledger.LedgerCommand;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.MoneyDeposited;
import dev.agentsociety.domain.ledger.MoneyWithdrawn;
import dev.agentsociety.domain.ledger.PaymentRequested;
import dev.agentsociety.domain.ledger.WithdrawalRejected;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;

/**
 * S6 exactly-once effects under faults, the same for both implementations: funded accounts, then payments at a steady
 * rate, some published twice (a publisher that retried after a timeout), one no agent may take, while a fault lands
 * mid-stream — the ledger agent killed with SIGKILL and started again, or scaled 1 -> 2 -> 1, or (Dapr) daprd or the
 * app alone killed and restarted. Then the log is read: outcomes per payment, effects decided twice, events on the
 * topic twice, lost ones. The naive at-least-once agent, under the same crash, gives the contrast.
 */
public final class ExactlyOnceScenario implements Scenario {

    public static final String NAME = "exactly-once";
    public static final String NAIVE = "exactly-once-naive";

    /** How many accounts and payments, how many payments published twice, at what rate. */
    public record Settings(int accounts, int payments, int retried, int paymentsPerSecond, long depositCents) {
        /** The suite's: 100 accounts of 200.00, 2,000 payments at 250/s, 200 of them published twice. */
        static final Settings SUITE = new Settings(100, 2_000, 200, 250, 20_000);
        /** ./compare's: the same shape, smaller. */
        public static final Settings COMPARE = new Settings(40, 1_200, 120, 200, 20_000);
    }

    /** What goes wrong while the payments are handled. */
    enum Fault {
        /** SIGKILL to the agent (direct: its JVM; Dapr: the app and its daprd) after a third, then a new one. */
        CRASH,
        /** A second instance joins after a quarter (a rebalance), the first leaves after two thirds (another). */
        REBALANCE,
        /** Dapr: SIGKILL to daprd alone after a third and a new daprd on the same ports; the app runs on. */
        SIDECAR_CRASH,
        /** Dapr: SIGKILL to the app alone after a third and a new app on the same port; its daprd runs on. */
        APP_CRASH,
        /**
         * SIGSTOP to the agent (direct: its JVM; Dapr: the app and its daprd) after a third — a process stalled by a
         * long pause, not dead — and a replacement under the same identity; after two thirds the stalled one goes on
         * (SIGCONT) with what it held: a zombie.
         */
        ZOMBIE
    }

    /** Which agent (the guarded one or the naive contrast), which fault, and (Dapr) on which state store. */
    record Setup(Implementation implementation, boolean naive, Fault fault, StateStore store) {
        static Setup of(Implementation implementation, Fault fault) {
            return new Setup(implementation, false, fault, StateStore.SQLITE);
        }

        /** The scenario's name in results: exactly-once[-store][-fault][-naive]. */
        String scenario() {
            return NAME + (implementation == Implementation.DAPR && store != StateStore.SQLITE ? "-" + lower(store.name()) : "")
                    + (fault != Fault.CRASH ? "-" + lower(fault.name()).replace('_', '-') : "") + (naive ? "-naive" : "");
        }
    }

    /** What the run left: the log's distinct events by account, and what the agent's own queries said. */
    record Outcome(ScenarioResult result, Topics topics, Map<String, List<LedgerEvent>> byAccount,
            Map<String, Integer> outcomesPerPayment, Map<String, Integer> depositsPerCommand, long republished,
            WithdrawalRejected refusal, List<String> why, String stateBeforeRefusal, List<String> deadLetterReasons,
            String zombieSaid) {
    }

    /** A running ledger agent: SIGKILL it, ask it, or stop it. */
    interface Agent extends AutoCloseable {
        void kill() throws Exception;

        /** Its processes (direct: the JVM; Dapr: the app, then daprd). */
        List<ProcessHandle> processes();

        /** The last lines it logged (direct) — what a zombie said when it woke. */
        default String logTail() {
            return "";
        }

        /** Dapr: SIGKILL to daprd alone and a new one on the same ports, the app running on. */
        default void killAndRestartSidecar() {
            throw new UnsupportedOperationException("no sidecar");
        }

        /** Dapr: SIGKILL to the app alone and a new one on the same port, its daprd running on. */
        default void killAndRestartApp() {
            throw new UnsupportedOperationException("no sidecar");
        }

        /** Why an event happened, line by line: {@code ./ledger why} (direct), {@code GET /accounts/{id}/why/{event}} (Dapr). */
        List<String> why(String accountId, String eventId) throws Exception;

        /** An account at a version, as the query prints or returns it: "balance 12.34 at version 5". */
        String stateAtVersion(String accountId, long version) throws Exception;

        @Override
        void close();
    }

    /** A structured CloudEvent of type PaymentRequested whose amount no constructor accepts. */
    private static final String BAD_PAYMENT = "{\"specversion\":\"1.0\",\"id\":\"bad-payment-1\",\"source\":\"it\","
            + "\"type\":\"agentsociety.PaymentRequested.v1\",\"datacontenttype\":\"application/json\",\"data\":"
            + "{\"eventId\":\"bad-payment-1\",\"accountId\":\"acc-1\",\"amountCents\":0,"
            + "\"occurredAt\":\"2026-11-27T00:00:00Z\",\"schemaVersion\":1}}";

    private final boolean naive;

    /** @param naive the ledger agent without its guard, for the contrast */
    public ExactlyOnceScenario(boolean naive) {
        this.naive = naive;
    }

    @Override
    public String name() {
        return naive ? NAIVE : NAME;
    }

    @Override
    public String summary() {
        return naive ? "the same crash with the ledger agent's guard off: the duplicates it lets through"
                : "ledger-agent killed with SIGKILL mid-stream and restarted: every payment decided once, none lost";
    }

    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        return run(stage.kafka(), stage.topics(), stage.logs(), new Setup(implementation, naive, Fault.CRASH, StateStore.SQLITE),
                Settings.COMPARE, progress).result();
    }

    /**
     * The input, the same on every run (a seeded random): a deposit funding each account, the payments, and the
     * order they are sent in — the first {@code retried} payments a second time among the rest (a publisher's retries).
     */
    record Workload(List<DepositRequested> deposits, List<PaymentRequested> sendOrder, long commands) {

        static Workload of(Settings settings) {
            Random random = new Random(7);
            List<DepositRequested> deposits = new ArrayList<>();
            for (int a = 1; a <= settings.accounts(); a++) {
                deposits.add(DepositRequested.of("acc-" + a, 1, settings.depositCents()));
            }
            List<PaymentRequested> payments = new ArrayList<>();
            for (int i = 0; i < settings.payments(); i++) {
                payments.add(PaymentRequested.of("acc-" + (1 + random.nextInt(settings.accounts())), 1 + random.nextInt(2_000)));
            }
            List<PaymentRequested> sendOrder = new ArrayList<>(payments);
            for (int i = 0; i < settings.retried(); i++) {
                sendOrder.add(10 * i + 5, payments.get(i));
            }
            return new Workload(deposits, sendOrder, settings.payments() + settings.retried() + 1L); // + the bad payment
        }
    }

    /** What the run left: the log, and what the agents said when asked about it. */
    private record Observed(long faultAfter, double seconds, List<LedgerEvent> events, WithdrawalRejected refusal,
            List<String> why, String stateBeforeRefusal, List<String> deadLetterReasons, String zombieSaid) {
    }

    static Outcome run(KafkaStack kafka, Topics topics, Path logs, Setup setup, Settings settings, Progress progress)
            throws Exception {
        Workload workload = Workload.of(settings);
        long startedAt = System.nanoTime();
        ProcessCosts costs;
        Observed observed;
        try (StateStore.Running store = setup.store().start(logs)) {
            Function<String, Agent> starter = instance -> start(kafka, topics, logs, setup, store, instance);
            List<Agent> agents = new ArrayList<>(List.of(starter.apply("1")));
            costs = ProcessCosts.start();
            try {
                observed = drive(kafka, topics, setup, settings, workload, agents, starter, costs, startedAt, progress);
                progress.phase("stopping the agents", 0);
            } finally {
                agents.forEach(Agent::close);
            }
        }
        return analyse(topics, setup, settings, workload, observed, costs);
    }

    /**
     * Funds the accounts, sends the payments at a steady rate with the fault landing mid-stream, ends the costs' phase
     * and reads the log.
     */
    private static Observed drive(KafkaStack kafka, Topics topics, Setup setup, Settings settings, Workload workload,
            List<Agent> agents, Function<String, Agent> starter, ProcessCosts costs, long startedAt, Progress progress)
            throws Exception {
        long commands = workload.commands();
        List<PaymentRequested> sendOrder = workload.sendOrder();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payments"));
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "payments-" + NAME);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            progress.phase("funding " + settings.accounts() + " accounts", settings.accounts());
            List<CompletableFuture<?>> sent = new ArrayList<>();
            workload.deposits().forEach(d -> sent.add(publisher.send(topics.ledgerCommands(), d)));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            // the accounts are funded before the payments come: two topics have no order between them
            awaitCommitted(admin, topics.ledgerCommands(), settings.accounts(), progress);
            // one payment no agent may take (a payment of nothing): dead-lettered with the reason, nothing else
            sendRaw(kafka, topics.paymentRequested(), "acc-1", BAD_PAYMENT);
            // payments at a steady rate, so that the fault lands while they flow
            progress.phase("payments, " + setup.fault().name().toLowerCase(Locale.ROOT) + " after a third", commands);
            AtomicInteger next = new AtomicInteger();
            List<CompletableFuture<?>> paid = new CopyOnWriteArrayList<>();
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < sendOrder.size()) {
                    paid.add(publisher.send(topics.paymentRequested(), sendOrder.get(i)));
                }
            }, 0, 1_000_000 / settings.paymentsPerSecond(), TimeUnit.MICROSECONDS);

            String paymentsTopic = topics.paymentRequested();
            long faultAfter = injectFault(setup.fault(), admin, paymentsTopic, commands, agents, starter, progress);
            await().atMost(Duration.ofMinutes(2)).until(() -> next.get() >= sendOrder.size());
            CompletableFuture.allOf(paid.toArray(CompletableFuture[]::new)).join();
            awaitCommitted(admin, paymentsTopic, commands, progress);
            String zombieSaid = "";
            if (setup.fault() == Fault.ZOMBIE && setup.implementation() == Implementation.DIRECT_KAFKA) {
                // woken, the stalled instance finds its identity taken: fenced, it must stop without writing
                Agent zombie = agents.get(0);
                await().atMost(Duration.ofSeconds(60)).until(() -> zombie.logTail().contains(" stops: "));
                zombieSaid = zombie.logTail().lines().filter(line -> line.contains(" stops: ")).findFirst().orElseThrow();
            }
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            costs.end();
            List<LedgerEvent> events = readCommitted(kafka, topics.ledgerEvents());
            List<String> deadLetterReasons = deadLetterReasons(kafka, Topics.deadLetter(paymentsTopic));
            WithdrawalRejected refusal = events.stream().filter(e -> e instanceof WithdrawalRejected r
                    && r.reason().equals("insufficient funds") && r.sequence() > 2).map(WithdrawalRejected.class::cast)
                    .findFirst().orElseThrow();
            // the naive agent is not asked: its history may hold a command twice
            Agent last = agents.get(agents.size() - 1);
            List<String> why = setup.naive() ? List.of() : last.why(refusal.accountId(), refusal.eventId());
            String stateBeforeRefusal = setup.naive() ? "" : last.stateAtVersion(refusal.accountId(), refusal.sequence() - 1);
            return new Observed(faultAfter, seconds, events, refusal, why, stateBeforeRefusal, deadLetterReasons, zombieSaid);
        } finally {
            pacer.shutdownNow();
        }
    }

    /** The fault, landing once enough payments are committed; how many were when it landed. */
    private static long injectFault(Fault fault, Admin admin, String paymentsTopic, long commands, List<Agent> agents,
            Function<String, Agent> starter, Progress progress) throws Exception {
        awaitCommitted(admin, paymentsTopic, fault == Fault.REBALANCE ? commands / 4 : commands / 3, progress);
        long faultAfter = committedOffsets(admin, paymentsTopic);
        switch (fault) {
            case CRASH -> {
                agents.get(0).kill();
                agents.get(0).close();
                agents.set(0, starter.apply("1"));
            }
            case REBALANCE -> {
                agents.add(starter.apply("2"));
                awaitMembers(admin, 2); // the group rebalanced: the partitions are split between the two
                awaitCommitted(admin, paymentsTopic, 2 * commands / 3, progress);
                agents.remove(0).close();
                awaitMembers(admin, 1); // and again: the one left has them all
            }
            case SIDECAR_CRASH -> agents.get(0).killAndRestartSidecar();
            case APP_CRASH -> agents.get(0).killAndRestartApp();
            case ZOMBIE -> {
                Agent zombie = agents.get(0);
                signal("STOP", zombie.processes());
                try {
                    agents.add(starter.apply("1")); // the stalled one's identity
                    awaitCommitted(admin, paymentsTopic, 2 * commands / 3, progress);
                } finally {
                    signal("CONT", zombie.processes()); // also when the replacement failed: none left stopped
                }
            }
            default -> throw new IllegalArgumentException(fault.toString());
        }
        return faultAfter;
    }

    /** The log read against the reference: duplicates, losses, conflicts, sequence, every outcome as the domain decides. */
    private static Outcome analyse(Topics topics, Setup setup, Settings settings, Workload workload, Observed observed,
            ProcessCosts costs) {
        List<LedgerEvent> events = observed.events();
        // an event published again is the same id at the same sequence; a command decided twice (the naive agent)
        // gives the same id at a new sequence: a second effect, kept
        // — if its content is the same: one id at one sequence with other content is two effects passed off as one
        Map<String, LedgerEvent> byId = new LinkedHashMap<>();
        long republished = 0;
        long conflicting = 0;
        for (LedgerEvent event : events) {
            LedgerEvent first = byId.putIfAbsent(event.eventId() + "@" + event.sequence(), event);
            if (first != null && first.equals(event)) {
                republished++;
            } else if (first != null) {
                conflicting++;
            }
        }
        Map<String, List<LedgerEvent>> byAccount = new TreeMap<>();
        byId.values().forEach(e -> byAccount.computeIfAbsent(e.accountId(), a -> new ArrayList<>()).add(e));
        byAccount.values().forEach(history -> history.sort((a, b) -> Long.compare(a.sequence(), b.sequence())));
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, Integer> depositsMade = new HashMap<>();
        byId.values().forEach(e -> {
            if (e instanceof MoneyWithdrawn || e instanceof WithdrawalRejected) {
                outcomes.merge(e.causationId(), 1, Integer::sum);
            } else if (e instanceof MoneyDeposited) {
                depositsMade.merge(e.causationId(), 1, Integer::sum);
            }
        });
        long decidedTwice = outcomes.values().stream().filter(n -> n > 1).count();
        long extraEffects = outcomes.values().stream().mapToLong(n -> n - 1L).filter(n -> n > 0).sum();
        // every outcome against the domain's own decisions on the same input, by payment id: the set sent, each
        // decided as the reference decides it (amount, refusal and the balance it saw, its place in the history)
        Map<String, String> expected = reference(workload.deposits(), workload.sendOrder());
        Map<String, String> decided = new HashMap<>();
        byId.values().forEach(e -> {
            if (e instanceof MoneyWithdrawn || e instanceof WithdrawalRejected) {
                decided.putIfAbsent(e.causationId(), outcome(e));
            }
        });
        List<String> missing = expected.keySet().stream().filter(id -> !decided.containsKey(id)).toList();
        List<String> unlike = expected.entrySet().stream().filter(e -> decided.containsKey(e.getKey())
                && !decided.get(e.getKey()).equals(e.getValue()))
                .map(e -> e.getKey() + ": " + decided.get(e.getKey()) + ", the reference: " + e.getValue()).toList();
        long lost = missing.size();
        // the guarded agent passes with one outcome per payment; the naive one when it shows what it is there to show:
        // the retried payments decided again
        long outOfSequence = outOfSequence(byAccount);
        // (the naive agent decides retried payments again, so its later decisions differ from the reference by design)
        boolean passed = lost == 0 && conflicting == 0 && decided.size() == expected.size()
                && (setup.naive() ? decidedTwice >= settings.retried() : extraEffects == 0 && outOfSequence == 0 && unlike.isEmpty());
        ScenarioResult result = costs.into(ScenarioResult.of(setup.scenario(), setup.implementation().label(), "kafka"))
                .counts(settings.payments(), outcomes.size(), extraEffects, lost, outOfSequence).passed(passed)
                .details(new ExactlyOnceDetails(setup.naive() ? "naive at-least-once: no transaction, no deduplication"
                        : setup.implementation() == Implementation.DAPR ? "idempotent consumer on " + lower(setup.store().name())
                        : "Kafka transactions, deduplication by causation id", settings.accounts(), settings.retried(),
                        setup.fault().toString(), observed.faultAfter(), decidedTwice, republished, conflicting, unlike.size(),
                        byId.values().stream().filter(MoneyWithdrawn.class::isInstance).count(),
                        byId.values().stream().filter(WithdrawalRejected.class::isInstance).count(),
                        Math.round(observed.seconds() * 10) / 10.0, unlike.stream().limit(5).toList(),
                        missing.stream().limit(5).toList(), observed.why(), observed.stateBeforeRefusal(), observed.zombieSaid()))
                .build();
        return new Outcome(result, topics, byAccount, outcomes, depositsMade, republished, observed.refusal(), observed.why(),
                observed.stateBeforeRefusal(), observed.deadLetterReasons(), observed.zombieSaid());
    }

    /** Events not at the place their sequence number claims (a gap, or two at one version): a history that won't replay. */
    private static long outOfSequence(Map<String, List<LedgerEvent>> byAccount) {
        long wrong = 0;
        for (List<LedgerEvent> history : byAccount.values()) {
            for (int i = 0; i < history.size(); i++) {
                wrong += history.get(i).sequence() == i + 1 ? 0 : 1;
            }
        }
        return wrong;
    }

    static Agent start(KafkaStack kafka, Topics topics, Path logs, Setup setup, StateStore.Running store,
            String instance) {
        if (setup.implementation() == Implementation.DIRECT_KAFKA) {
            HostedDirectAgent agent = HostedDirectAgent.start(EventSourcedLedger.GROUP + (setup.naive() ? "-naive" : ""),
                    kafka, topics.prefix(), logs, Map.of("AGENT_INSTANCE", instance));
            return new Agent() {
                @Override
                public void kill() throws Exception {
                    agent.handle().destroyForcibly();
                    agent.handle().onExit().get();
                }

                @Override
                public List<ProcessHandle> processes() {
                    return List.of(agent.handle());
                }

                @Override
                public String logTail() {
                    return agent.logTail(5);
                }

                @Override
                public List<String> why(String accountId, String eventId) {
                    return ledgerCli(kafka, topics, "why", accountId, eventId).lines().toList();
                }

                @Override
                public String stateAtVersion(String accountId, long version) {
                    // "acc-7 version 5 balance 12.34"
                    String[] words = ledgerCli(kafka, topics, "state", accountId, "--at-version", Long.toString(version))
                            .trim().split(" ");
                    return "balance " + words[4] + " at version " + words[2];
                }

                @Override
                public void close() {
                    agent.close();
                }
            };
        }
        HostedDaprAgent agent = HostedDaprAgent.start(EventSourcedLedgerApplication.APP_ID, topics.prefix(),
                List.of(Repo.components("kafka"), store.kind().folder()),
                Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers(), "LEDGER_STORE", store.address()), logs,
                "--agent.ledger.naive=" + setup.naive());
        return new Agent() {
            @Override
            public void kill() throws Exception {
                // the whole pod: daprd first, so that no daprd lives on to see its app gone
                List<ProcessHandle> processes = new ArrayList<>(processes());
                Collections.reverse(processes);
                for (ProcessHandle process : processes) {
                    process.destroyForcibly();
                    process.onExit().get();
                }
            }

            @Override
            public List<ProcessHandle> processes() {
                return List.copyOf(agent.processes().values());
            }

            @Override
            public void killAndRestartApp() {
                agent.killAndRestartApp();
            }

            @Override
            public void killAndRestartSidecar() {
                agent.killAndRestartSidecar();
            }

            @Override
            public List<String> why(String accountId, String eventId) throws Exception {
                return get(agent.appPort(), "/accounts/" + accountId + "/why/" + eventId).lines().toList();
            }

            @Override
            public String stateAtVersion(String accountId, long version) throws Exception {
                Account account = EventJson.mapper().readValue(get(agent.appPort(), "/accounts/" + accountId
                        + "?atVersion=" + version), Account.class);
                return "balance " + History.money(account.balanceCents()) + " at version " + account.version();
            }

            @Override
            public void close() {
                agent.close();
            }
        };
    }

    /** {@code kill -SIG} to each process: STOP stalls one as a long pause would, CONT lets it go on. */
    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle process : processes) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        }
    }

    /** Waits until the ledger's group has this many members, as the broker's group coordinator sees it. */
    private static void awaitMembers(Admin admin, int members) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> admin
                .describeConsumerGroups(List.of(EventSourcedLedger.GROUP)).all().get().get(EventSourcedLedger.GROUP)
                .members().size() == members);
    }

    static void awaitCommitted(Admin admin, String topic, long records, Progress progress) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            long committed = committedOffsets(admin, topic);
            progress.done(committed);
            return committed >= records;
        });
    }

    /** How many records of the topic the ledger's group (direct: its group; Dapr: its app-id) has committed. */
    private static long committedOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(EventSourcedLedger.GROUP)
                .partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /**
     * What the domain alone decides for the same input: each account funded, then its payments in the order they were
     * sent (per account, as its partition keeps them; a payment sent again is decided once). Outcome by payment id.
     */
    static Map<String, String> reference(List<DepositRequested> deposits, List<PaymentRequested> sendOrder) {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        Map<String, Account> accounts = new HashMap<>();
        for (DepositRequested deposit : deposits) {
            Account none = Account.none(deposit.accountId());
            accounts.put(deposit.accountId(), none.applyAll(none.decide(
                    new LedgerCommand.Deposit(deposit.eventId(), deposit.accountId(), deposit.amountCents()), clock)));
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (PaymentRequested payment : sendOrder) {
            if (!outcomes.containsKey(payment.eventId())) {
                Account account = accounts.get(payment.accountId());
                List<LedgerEvent> decided = account.decide(payment.command(), clock);
                accounts.put(payment.accountId(), account.applyAll(decided));
                outcomes.put(payment.eventId(), outcome(decided.get(0)));
            }
        }
        return outcomes;
    }

    /** A payment's outcome as the reference and the run are compared: what, how much, the balance seen, where. */
    static String outcome(LedgerEvent event) {
        if (event instanceof MoneyWithdrawn withdrawn) {
            return "withdrawn " + withdrawn.amountCents() + " at " + withdrawn.sequence();
        }
        WithdrawalRejected rejected = (WithdrawalRejected) event;
        return "rejected " + rejected.amountCents() + " (" + rejected.reason() + ", balance " + rejected.balanceCents() + ") at "
                + rejected.sequence();
    }

    /** Every committed ledger event of the topic, in each partition's order. */
    private static List<LedgerEvent> readCommitted(KafkaStack kafka, String topic) {
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        List<LedgerEvent> events = new ArrayList<>();
        log.readToEnd(log.partitions(topic), record -> events.add(LedgerLog.event(record).orElseThrow()));
        return events;
    }

    private static void sendRaw(KafkaStack kafka, String topic, String key, String cloudEvent) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, cloudEvent.getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaEventCodec.CONTENT_TYPE_HEADER,
                    KafkaEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** The {@code dlq.reason} header of every record on a dead-letter topic. */
    private static List<String> deadLetterReasons(KafkaStack kafka, String topic) {
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        List<String> reasons = new ArrayList<>();
        log.readToEnd(log.partitions(topic), record -> reasons.add(record.headers().lastHeader("dlq.reason") == null ? "(none)"
                : new String(record.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8)));
        return reasons;
    }

    /** {@code ./ledger ...} in this JVM; what it printed. */
    static String ledgerCli(KafkaStack kafka, Topics topics, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--prefix", topics.prefix()));
        all.addAll(List.of(args));
        int code = new CommandLine(new LedgerQuery()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("./ledger " + String.join(" ", all) + " exited with " + code + ": " + err);
        }
        return out.toString();
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
