package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.KafkaEventPublisher;
import dev.agentsociety.direct.ledger.EventSourcedLedger;
import dev.agentsociety.direct.ledger.LedgerLog;
import dev.agentsociety.direct.ledger.LedgerQuery;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Exactly-once effects under a crash, the same for both implementations: 100 funded accounts, 3,000 payments, 300
 * of them published twice (a publisher that retried after a timeout), and the ledger agent killed with SIGKILL
 * after about a third (direct: its JVM; Dapr: the app and its daprd) and started again. Every payment has exactly
 * one outcome and every account's history replays — direct with Kafka transactions, Dapr with an idempotent
 * consumer on a state store. The same run against the naive at-least-once agent counts the duplicates it makes.
 */
class EventSourcedLedgerIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final int ACCOUNTS = 100;
    private static final int PAYMENTS = 3_000;
    private static final int RETRIED = 300;
    private static final long DEPOSIT = 20_000;

    private final KafkaStack kafka = SuiteKafka.get();

    /** A running ledger agent: SIGKILL it, ask it, or stop it. */
    interface Agent extends AutoCloseable {
        void kill() throws Exception;

        /** Why an event happened, line by line: {@code ./ledger why} (direct), {@code GET /accounts/{id}/why/{event}} (Dapr). */
        List<String> why(String accountId, String eventId) throws Exception;

        /** An account at a version, as the query prints or returns it: "balance 12.34 at version 5". */
        String stateAtVersion(String accountId, long version) throws Exception;

        @Override
        void close();
    }

    record Run(Map<String, List<LedgerEvent>> byAccount, Map<String, Integer> outcomesPerPayment,
            Map<String, Integer> depositsPerCommand, long republished, WithdrawalRejected refusal, List<String> why,
            String stateBeforeRefusal) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyPaymentHasExactlyOneOutcomeThroughAKillNineAndRetriedPublishes(Implementation implementation) throws Exception {
        Run run = crashAndRestart(implementation.label(), topics -> start(implementation, topics, false));

        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(PAYMENTS);
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
    }

    @Test
    void theNaiveAtLeastOnceAgentDecidesRetriedPaymentsTwice() throws Exception {
        Run run = crashAndRestart("direct-kafka naive", topics -> start(Implementation.DIRECT_KAFKA, topics, true));

        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(PAYMENTS);
        long twice = run.outcomesPerPayment().values().stream().filter(n -> n > 1).count();
        assertThat(twice).as("payments decided more than once").isGreaterThanOrEqualTo(RETRIED);
    }

    interface Starter {
        Agent start(Topics topics) throws Exception;
    }

    private Agent start(Implementation implementation, Topics topics, boolean naive) throws Exception {
        if (implementation == Implementation.DIRECT_KAFKA) {
            HostedDirectAgent agent = HostedDirectAgent.start(EventSourcedLedger.GROUP + (naive ? "-naive" : ""), kafka,
                    topics.prefix(), LOGS);
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
        Path store = LOGS.resolve(topics.prefix() + "ledger.db").toAbsolutePath();
        Files.createDirectories(store.getParent());
        HostedDaprAgent agent = HostedDaprAgent.start(EventSourcedLedgerApplication.APP_ID, topics.prefix(),
                Repo.components("kafka"), Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers(),
                        "LEDGER_STORE", store.toString()), LOGS);
        return new Agent() {
            @Override
            public void kill() throws Exception {
                for (ProcessHandle process : agent.processes().values()) { // the app and its daprd: the whole pod
                    process.destroyForcibly();
                    process.onExit().get();
                }
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

    private Run crashAndRestart(String label, Starter starter) throws Exception {
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
        long killedAfter;
        double seconds;
        List<LedgerEvent> events;
        WithdrawalRejected refusal;
        List<String> why;
        String stateBeforeRefusal;
        long startedAt = System.nanoTime();
        Agent ledger = starter.start(topics);
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "payments-it");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            deposits.forEach(d -> sent.add(publisher.send(topics.ledgerCommands(), d)));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            // the accounts are funded before the payments come: two topics have no order between them
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> committedOffsets(admin, topics.ledgerCommands()) >= ACCOUNTS);
            payments.forEach(p -> sent.add(publisher.send(topics.paymentRequested(), p)));
            // the publisher's retries: the same payments (same ids) reach the broker a second time
            payments.subList(0, RETRIED).forEach(p -> sent.add(publisher.send(topics.paymentRequested(), p)));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

            // SIGKILL once a third of the payments are committed: no shutdown hook, no commit, work in flight
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committedOffsets(admin, topics.paymentRequested()) >= PAYMENTS / 3);
            killedAfter = committedOffsets(admin, topics.paymentRequested());
            ledger.kill();
            ledger.close();
            ledger = starter.start(topics);

            long commands = PAYMENTS + RETRIED;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> committedOffsets(admin, topics.paymentRequested()) >= commands);
            seconds = (System.nanoTime() - startedAt) / 1e9;
            events = readCommitted(topics.ledgerEvents());
            refusal = events.stream().filter(e -> e instanceof WithdrawalRejected r && r.reason().equals("insufficient funds")
                    && r.sequence() > 2).map(WithdrawalRejected.class::cast).findFirst().orElseThrow();
            why = ledger.why(refusal.accountId(), refusal.eventId());
            stateBeforeRefusal = ledger.stateAtVersion(refusal.accountId(), refusal.sequence() - 1);
        } finally {
            ledger.close();
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
                .put("killedAfterCommittedPayments", killedAfter).put("paymentsDecidedMoreThanOnce", decidedTwice)
                .put("eventsPublishedAgain", republished)
                .put("withdrawn", byId.values().stream().filter(MoneyWithdrawn.class::isInstance).count())
                .put("rejected", byId.values().stream().filter(WithdrawalRejected.class::isInstance).count())
                .put("seconds", Math.round(seconds * 10) / 10.0);
        result.details().putPOJO("whyFirstRefusal", why).put("stateBeforeIt", stateBeforeRefusal);
        result.write(ScenarioResult.SUITE_RESULTS);
        return new Run(byAccount, outcomes, depositsMade, republished, refusal, why, stateBeforeRefusal);
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
