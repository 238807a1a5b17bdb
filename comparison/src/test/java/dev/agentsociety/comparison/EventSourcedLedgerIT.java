package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.KafkaEventCodec;
import dev.agentsociety.direct.KafkaEventPublisher;
import dev.agentsociety.direct.ledger.EventSourcedLedger;
import dev.agentsociety.direct.ledger.LedgerLog;
import dev.agentsociety.direct.ledger.LedgerQuery;
import dev.agentsociety.direct.ledger.PartitionSnapshot;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.History;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.MoneyDeposited;
import dev.agentsociety.domain.ledger.MoneyWithdrawn;
import dev.agentsociety.domain.ledger.PaymentRequested;
import dev.agentsociety.domain.ledger.Projections;
import dev.agentsociety.domain.ledger.WithdrawalRejected;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Exactly-once effects under faults, the same for both implementations: 100 funded accounts, 3,000 payments at 250/s,
 * 300 of them published twice (a publisher that retried after a timeout), while the ledger agent is killed with
 * SIGKILL and started again, or scaled 1 -> 2 -> 1 (rebalances), or — Dapr only — loses its daprd. Every payment has
 * exactly one outcome and every account's history replays — direct with Kafka transactions, Dapr with an idempotent
 * consumer on a state store — and each variant's own query says why a refusal happened. The same crash against the
 * naive at-least-once agent counts the duplicates it makes.
 */
class EventSourcedLedgerIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final int ACCOUNTS = 100;
    private static final int PAYMENTS = 3_000;
    private static final int RETRIED = 300;
    private static final long DEPOSIT = 20_000;
    private static final int PAYMENTS_PER_SECOND = 250;

    private final KafkaStack kafka = SuiteKafka.get();

    /** A running ledger agent: SIGKILL it, ask it, or stop it. */
    interface Agent extends AutoCloseable {
        void kill() throws Exception;

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

    record Run(Topics topics, Map<String, List<LedgerEvent>> byAccount, Map<String, Integer> outcomesPerPayment,
            Map<String, Integer> depositsPerCommand, long republished, WithdrawalRejected refusal, List<String> why,
            String stateBeforeRefusal, List<String> deadLetterReasons) {
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
        APP_CRASH
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyPaymentHasExactlyOneOutcomeThroughAKillNineAndRetriedPublishes(Implementation implementation) throws Exception {
        try (StateStore.Running store = StateStore.SQLITE.start(LOGS)) {
            assertExactlyOnce(implementation, run(implementation.label(), Fault.CRASH,
                    (topics, instance) -> start(implementation, topics, instance, false, store), true));
        }
    }

    /** The same crash with the ledger's state in PostgreSQL: components/state/postgresql instead of sqlite, nothing else. */
    @Test
    void everyPaymentHasExactlyOneOutcomeThroughAKillNineWithThePostgreSqlStore() throws Exception {
        try (StateStore.Running store = StateStore.POSTGRESQL.start(LOGS)) {
            assertExactlyOnce(Implementation.DAPR, run("dapr-postgresql", Fault.CRASH,
                    (topics, instance) -> start(Implementation.DAPR, topics, instance, false, store), true));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyPaymentHasExactlyOneOutcomeThroughRebalances(Implementation implementation) throws Exception {
        try (StateStore.Running store = StateStore.SQLITE.start(LOGS)) {
            assertExactlyOnce(implementation, run(implementation.label() + "-rebalance", Fault.REBALANCE,
                    (topics, instance) -> start(implementation, topics, instance, false, store), true));
        }
    }

    /** Dapr only: the direct variant has no sidecar to lose. */
    @Test
    void everyPaymentHasExactlyOneOutcomeWhenDaprdAloneIsKilledAndRestarted() throws Exception {
        try (StateStore.Running store = StateStore.SQLITE.start(LOGS)) {
            assertExactlyOnce(Implementation.DAPR, run("dapr-sidecar-crash", Fault.SIDECAR_CRASH,
                    (topics, instance) -> start(Implementation.DAPR, topics, instance, false, store), true));
        }
    }

    /** Dapr only: the app dies while its daprd goes on delivering (components/kafka/resiliency.yaml keeps it trying). */
    @Test
    void everyPaymentHasExactlyOneOutcomeWhenTheAppAloneIsKilledAndRestarted() throws Exception {
        try (StateStore.Running store = StateStore.SQLITE.start(LOGS)) {
            assertExactlyOnce(Implementation.DAPR, run("dapr-app-crash", Fault.APP_CRASH,
                    (topics, instance) -> start(Implementation.DAPR, topics, instance, false, store), true));
        }
    }

    private void assertExactlyOnce(Implementation implementation, Run run) throws Exception {
        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(PAYMENTS);
        assertThat(run.deadLetterReasons()).as("dead letters of payment-requested").singleElement(InstanceOfAssertFactories.STRING)
                .contains("a payment is positive: 0");
        assertThat(run.outcomesPerPayment().values().stream().filter(n -> n != 1).count())
                .as("payments with other than one outcome").isZero();
        assertThat(run.depositsPerCommand()).hasSize(ACCOUNTS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        List<LedgerEvent> all = run.byAccount().values().stream().flatMap(List::stream).toList();
        assertThat(all).as("both outcomes occur").anyMatch(MoneyWithdrawn.class::isInstance)
                .anyMatch(e -> e instanceof WithdrawalRejected r && r.reason().equals("insufficient funds"));
        Projections.Balances balances = new Projections.Balances();
        run.byAccount().forEach((account, events) -> {
            // replay refuses a gap or a repeated sequence number: no event applied twice, none lost in between
            Account replayed = Account.replay(account, events);
            assertThat(replayed.version()).isEqualTo(events.size());
            assertThat(replayed.balanceCents()).as(account).isNotNegative().isEqualTo(DEPOSIT
                    - events.stream().filter(MoneyWithdrawn.class::isInstance).mapToLong(e -> ((MoneyWithdrawn) e).amountCents()).sum());
            events.forEach(balances::feed);
        });
        assertThat(balances.balances()).hasSize(ACCOUNTS);
        // why the first refusal happened, asked of the variant's own query: the account's history up to it
        WithdrawalRejected refusal = run.refusal();
        assertThat(run.why()).as("why %s", refusal).hasSize((int) refusal.sequence());
        assertThat(run.why().get(0)).contains("#1 AccountOpened");
        assertThat(run.why().get(1)).contains("#2 MoneyDeposited +200.00 <- deposit of 200.00 requested");
        assertThat(run.why().get(run.why().size() - 1)).contains("#" + refusal.sequence() + " WithdrawalRejected refused "
                + History.money(refusal.amountCents()) + ": insufficient funds (balance was " + History.money(refusal.balanceCents())
                + ") <- payment of " + History.money(refusal.amountCents()) + " requested (" + refusal.causationId() + ")");
        assertThat(run.stateBeforeRefusal()).isEqualTo("balance " + History.money(refusal.balanceCents()) + " at version "
                + (refusal.sequence() - 1));
        Gaps.expect(implementation, CapabilityGap.DAPR_LEDGER_EVENTS_PUBLISHED_AT_LEAST_ONCE,
                () -> assertThat(run.republished()).as("events that reached the topic more than once").isZero());
        if (implementation == Implementation.DIRECT_KAFKA) {
            assertSnapshotsMatchTheLog(run.topics());
        }
    }

    /**
     * Direct: every partition has snapshots (the restarted and the new instances rebuilt from them), and each is
     * exactly the replay of its log partition below the offset it names, with those events' commands as answered.
     */
    private void assertSnapshotsMatchTheLog(Topics topics) {
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        List<PartitionSnapshot> snapshots = new ArrayList<>();
        log.readToEnd(log.partitions(topics.ledgerSnapshots()), record -> snapshots.add(PartitionSnapshot.fromBytes(record.value())));
        Map<Integer, List<ConsumerRecord<String, byte[]>>> events = new HashMap<>();
        log.readToEnd(log.partitions(topics.ledgerEvents()), record -> events.computeIfAbsent(record.partition(),
                p -> new ArrayList<>()).add(record));
        assertThat(snapshots).extracting(PartitionSnapshot::partition).as("partitions with snapshots")
                .containsAll(events.keySet());
        for (PartitionSnapshot snapshot : snapshots) {
            List<LedgerEvent> covered = events.get(snapshot.partition()).stream()
                    .filter(record -> record.offset() < snapshot.nextOffset()).map(record -> LedgerLog.event(record).orElseThrow())
                    .toList();
            Map<String, List<LedgerEvent>> byAccount = new TreeMap<>();
            covered.forEach(e -> byAccount.computeIfAbsent(e.accountId(), a -> new ArrayList<>()).add(e));
            assertThat(snapshot.accounts()).as("snapshot of partition %d good to %d", snapshot.partition(), snapshot.nextOffset())
                    .containsExactlyInAnyOrderElementsOf(byAccount.entrySet().stream()
                            .map(a -> Account.replay(a.getKey(), a.getValue())).toList());
            assertThat(snapshot.recentCommands()).as("commands answered by partition %d", snapshot.partition())
                    .containsExactlyInAnyOrderElementsOf(covered.stream().map(LedgerEvent::causationId).distinct().toList());
        }
    }

    /** The contrast, for both: the same crash and retries against an agent that neither transacts nor deduplicates. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void theNaiveAtLeastOnceAgentDecidesRetriedPaymentsTwice(Implementation implementation) throws Exception {
        Run run;
        try (StateStore.Running store = StateStore.SQLITE.start(LOGS)) {
            run = run(implementation.label() + "-naive", Fault.CRASH, (topics, instance) -> start(implementation, topics, instance, true, store),
                    false);
        }

        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(PAYMENTS);
        long twice = run.outcomesPerPayment().values().stream().filter(n -> n > 1).count();
        assertThat(twice).as("payments decided more than once").isGreaterThanOrEqualTo(RETRIED);
    }

    interface Starter {
        Agent start(Topics topics, String instance) throws Exception;
    }

    /** @param store the Dapr ledger's state store (outlives the agents of a run); unused by direct-kafka */
    private Agent start(Implementation implementation, Topics topics, String instance, boolean naive, StateStore.Running store)
            throws Exception {
        if (implementation == Implementation.DIRECT_KAFKA) {
            HostedDirectAgent agent = HostedDirectAgent.start(EventSourcedLedger.GROUP + (naive ? "-naive" : ""), kafka,
                    topics.prefix(), LOGS, Map.of("AGENT_INSTANCE", instance));
            return new Agent() {
                @Override
                public void kill() throws Exception {
                    agent.handle().destroyForcibly();
                    agent.handle().onExit().get();
                }

                @Override
                public List<String> why(String accountId, String eventId) {
                    return ledgerCli(topics, "why", accountId, eventId).lines().toList();
                }

                @Override
                public String stateAtVersion(String accountId, long version) {
                    // "acc-7 version 5 balance 12.34"
                    String[] words = ledgerCli(topics, "state", accountId, "--at-version", Long.toString(version)).trim().split(" ");
                    return "balance " + words[4] + " at version " + words[2];
                }

                @Override
                public void close() {
                    agent.close();
                }
            };
        }
        HostedDaprAgent agent = HostedDaprAgent.start(EventSourcedLedgerApplication.APP_ID, topics.prefix(),
                List.of(Repo.components("kafka"), store.kind().folder()), Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers(),
                        "LEDGER_STORE", store.address()), LOGS, "--agent.ledger.naive=" + naive);
        return new Agent() {
            @Override
            public void kill() throws Exception {
                // the whole pod: daprd first, so that no daprd lives on to see its app gone
                List<ProcessHandle> processes = new ArrayList<>(agent.processes().values());
                Collections.reverse(processes);
                for (ProcessHandle process : processes) {
                    process.destroyForcibly();
                    process.onExit().get();
                }
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

    /** @param ask whether to ask the agent why and what (not the naive one: its history may hold a command twice) */
    private Run run(String label, Fault fault, Starter starter, boolean ask) throws Exception {
        Topics topics = SuiteKafka.freshTopics("ledger-es", label.replace(' ', '-'));
        Random random = new Random(7);
        List<DepositRequested> deposits = new ArrayList<>();
        for (int a = 1; a <= ACCOUNTS; a++) {
            deposits.add(DepositRequested.of("acc-" + a, 1, DEPOSIT));
        }
        List<PaymentRequested> payments = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            payments.add(PaymentRequested.of("acc-" + (1 + random.nextInt(ACCOUNTS)), 1 + random.nextInt(2_000)));
        }
        // the publisher's retries: the same payments (same ids) reach the broker a second time, among the rest
        List<PaymentRequested> sendOrder = new ArrayList<>(payments);
        for (int i = 0; i < RETRIED; i++) {
            sendOrder.add(10 * i + 5, payments.get(i));
        }
        long faultAfter;
        double seconds;
        List<LedgerEvent> events;
        WithdrawalRejected refusal;
        List<String> why;
        String stateBeforeRefusal;
        List<String> deadLetterReasons;
        long startedAt = System.nanoTime();
        List<Agent> agents = new ArrayList<>(List.of(starter.start(topics, "1")));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payments"));
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "payments-it");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            deposits.forEach(d -> sent.add(publisher.send(topics.ledgerCommands(), d)));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            // the accounts are funded before the payments come: two topics have no order between them
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> committedOffsets(admin, topics.ledgerCommands()) >= ACCOUNTS);
            // one payment no agent may take (a payment of nothing): dead-lettered with the reason, nothing else
            sendRaw(topics.paymentRequested(), "acc-1", BAD_PAYMENT);
            // payments at a steady rate, so that the fault lands while they flow
            AtomicInteger next = new AtomicInteger();
            List<CompletableFuture<?>> paid = new CopyOnWriteArrayList<>();
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < sendOrder.size()) {
                    paid.add(publisher.send(topics.paymentRequested(), sendOrder.get(i)));
                }
            }, 0, 1_000_000 / PAYMENTS_PER_SECOND, TimeUnit.MICROSECONDS);

            long commands = PAYMENTS + RETRIED + 1;
            switch (fault) {
                case CRASH -> {
                    awaitCommitted(admin, topics, commands / 3);
                    faultAfter = committedOffsets(admin, topics.paymentRequested());
                    agents.get(0).kill();
                    agents.get(0).close();
                    agents.set(0, starter.start(topics, "1"));
                }
                case REBALANCE -> {
                    awaitCommitted(admin, topics, commands / 4);
                    faultAfter = committedOffsets(admin, topics.paymentRequested());
                    agents.add(starter.start(topics, "2"));
                    awaitMembers(admin, 2); // the group rebalanced: the partitions are split between the two
                    awaitCommitted(admin, topics, 2 * commands / 3);
                    agents.remove(0).close();
                    awaitMembers(admin, 1); // and again: the one left has them all
                }
                case SIDECAR_CRASH -> {
                    awaitCommitted(admin, topics, commands / 3);
                    faultAfter = committedOffsets(admin, topics.paymentRequested());
                    agents.get(0).killAndRestartSidecar();
                }
                case APP_CRASH -> {
                    awaitCommitted(admin, topics, commands / 3);
                    faultAfter = committedOffsets(admin, topics.paymentRequested());
                    agents.get(0).killAndRestartApp();
                }
                default -> throw new IllegalArgumentException(fault.toString());
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> next.get() >= sendOrder.size());
            CompletableFuture.allOf(paid.toArray(CompletableFuture[]::new)).join();
            awaitCommitted(admin, topics, commands);
            seconds = (System.nanoTime() - startedAt) / 1e9;
            events = readCommitted(topics.ledgerEvents());
            deadLetterReasons = deadLetterReasons(Topics.deadLetter(topics.paymentRequested()));
            refusal = events.stream().filter(e -> e instanceof WithdrawalRejected r && r.reason().equals("insufficient funds")
                    && r.sequence() > 2).map(WithdrawalRejected.class::cast).findFirst().orElseThrow();
            Agent last = agents.get(agents.size() - 1);
            why = ask ? last.why(refusal.accountId(), refusal.eventId()) : List.of();
            stateBeforeRefusal = ask ? last.stateAtVersion(refusal.accountId(), refusal.sequence() - 1) : "";
        } finally {
            pacer.shutdownNow();
            agents.forEach(Agent::close);
        }

        // an event published again is the same id at the same sequence; a command decided twice (the naive agent)
        // gives the same id at a new sequence: a second effect, kept
        Map<String, LedgerEvent> byId = new LinkedHashMap<>();
        long republished = 0;
        for (LedgerEvent event : events) {
            if (byId.putIfAbsent(event.eventId() + "@" + event.sequence(), event) != null) {
                republished++;
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
        ScenarioResult result = new ScenarioResult("exactly-once-ledger", label, "kafka");
        long decidedTwice = outcomes.values().stream().filter(n -> n > 1).count();
        long extraEffects = outcomes.values().stream().mapToLong(n -> n - 1L).filter(n -> n > 0).sum();
        result.json().put("sent", PAYMENTS).put("delivered", outcomes.size()).put("duplicates", extraEffects)
                .put("lost", PAYMENTS - outcomes.size()).put("passed", outcomes.size() == PAYMENTS && extraEffects == 0);
        result.details().put("accounts", ACCOUNTS).put("paymentsPublishedTwice", RETRIED)
                .put("fault", fault.toString()).put("faultAfterCommittedPayments", faultAfter).put("paymentsDecidedMoreThanOnce", decidedTwice)
                .put("eventsPublishedAgain", republished)
                .put("withdrawn", byId.values().stream().filter(MoneyWithdrawn.class::isInstance).count())
                .put("rejected", byId.values().stream().filter(WithdrawalRejected.class::isInstance).count())
                .put("seconds", Math.round(seconds * 10) / 10.0);
        result.details().putPOJO("whyFirstRefusal", why).put("stateBeforeIt", stateBeforeRefusal);
        result.write(ScenarioResult.SUITE_RESULTS);
        return new Run(topics, byAccount, outcomes, depositsMade, republished, refusal, why, stateBeforeRefusal, deadLetterReasons);
    }

    /** Waits until the ledger's group has this many members, as the broker's group coordinator sees it. */
    private static void awaitMembers(Admin admin, int members) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> admin
                .describeConsumerGroups(List.of(EventSourcedLedger.GROUP)).all().get().get(EventSourcedLedger.GROUP)
                .members().size() == members);
    }

    private static void awaitCommitted(Admin admin, Topics topics, long payments) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> committedOffsets(admin, topics.paymentRequested()) >= payments);
    }

    /** How many records of the topic the ledger's group (direct: its group; Dapr: its app-id) has committed. */
    private static long committedOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(EventSourcedLedger.GROUP)
                .partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Every committed ledger event of the topic, in each partition's order. */
    private List<LedgerEvent> readCommitted(String topic) {
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        List<LedgerEvent> events = new ArrayList<>();
        log.readToEnd(log.partitions(topic), record -> events.add(LedgerLog.event(record).orElseThrow()));
        return events;
    }

    /** A structured CloudEvent of type PaymentRequested whose amount no constructor accepts. */
    private static final String BAD_PAYMENT = "{\"specversion\":\"1.0\",\"id\":\"bad-payment-1\",\"source\":\"it\","
            + "\"type\":\"agentsociety.PaymentRequested.v1\",\"datacontenttype\":\"application/json\",\"data\":"
            + "{\"eventId\":\"bad-payment-1\",\"accountId\":\"acc-1\",\"amountCents\":0,"
            + "\"occurredAt\":\"2026-11-27T00:00:00Z\",\"schemaVersion\":1}}";

    private void sendRaw(String topic, String key, String cloudEvent) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, cloudEvent.getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaEventCodec.CONTENT_TYPE_HEADER,
                    KafkaEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** The {@code dlq.reason} header of every record on a dead-letter topic. */
    private List<String> deadLetterReasons(String topic) {
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        List<String> reasons = new ArrayList<>();
        log.readToEnd(log.partitions(topic), record -> reasons.add(record.headers().lastHeader("dlq.reason") == null ? "(none)"
                : new String(record.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8)));
        return reasons;
    }

    /** {@code ./ledger ...} in this JVM; what it printed. */
    private String ledgerCli(Topics topics, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--prefix", topics.prefix()));
        all.addAll(List.of(args));
        int code = new CommandLine(new LedgerQuery()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        assertThat(code).as("./ledger %s: %s", all, err).isZero();
        return out.toString();
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }
}
