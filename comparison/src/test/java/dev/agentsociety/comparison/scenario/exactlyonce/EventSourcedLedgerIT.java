package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario.Fault;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario.Outcome;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario.Settings;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario.Setup;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.comparison.society.Gaps;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.eventledger.LedgerLog;
import dev.agentsociety.direct.eventledger.PartitionSnapshot;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.History;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.LedgerViews;
import dev.agentsociety.domain.ledger.MoneyWithdrawn;
import dev.agentsociety.domain.ledger.Projections;
import dev.agentsociety.domain.ledger.WithdrawalRejected;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exactly-once effects under faults, the same for both implementations ({@link ExactlyOnceScenario}, which
 * ./compare runs too): 100 funded accounts, 2,000 payments at 250/s, 200 of them published twice (a publisher that
 * retried after a timeout), while the ledger agent is killed with SIGKILL and started again, or scaled 1 -> 2 -> 1
 * (rebalances), or — Dapr only — loses its daprd or its app. Every payment has exactly one outcome and every
 * account's history replays — direct with Kafka transactions, Dapr with an idempotent consumer on a state store
 * (SQLite, and PostgreSQL once) — and each variant's own query says why a refusal happened. The same crash against
 * the naive at-least-once agent of each variant counts the duplicates it makes.
 */
class EventSourcedLedgerIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final Settings SETTINGS = Settings.SUITE;

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyPaymentHasExactlyOneOutcomeThroughAKillNineAndRetriedPublishes(Implementation implementation) throws Exception {
        Outcome run = run(Setup.of(implementation, Fault.CRASH));
        assertExactlyOnce(implementation, run);
        assertReadViewsCatchUpFromTheOldestEventAndRebuild(implementation, run);
    }

    /** The same crash with the ledger's state in PostgreSQL: components/state/postgresql instead of sqlite, nothing else. */
    @Test
    void everyPaymentHasExactlyOneOutcomeThroughAKillNineWithThePostgreSqlStore() throws Exception {
        assertExactlyOnce(Implementation.DAPR, run(new Setup(Implementation.DAPR, false, Fault.CRASH, StateStore.POSTGRESQL)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyPaymentHasExactlyOneOutcomeThroughRebalances(Implementation implementation) throws Exception {
        assertExactlyOnce(implementation, run(Setup.of(implementation, Fault.REBALANCE)));
    }

    /**
     * A zombie: the agent stalled (SIGSTOP), a replacement under the same identity, then the stalled one woken. Direct:
     * the replacement's {@code initTransactions} and static membership fence it, and it stops without a write; Dapr:
     * nothing fences it — it rejoins the app-id's group — and the ETag and the command keys keep its work single.
     * Dapr on PostgreSQL: on SQLite the stalled daprd holds the file's write lock, and the replacement's daprd cannot
     * even start ("database is locked", after the component's busyTimeout) — one host, one writer.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyPaymentHasExactlyOneOutcomeWhenAStalledInstanceWakesBesideItsReplacement(Implementation implementation)
            throws Exception {
        Outcome run = run(new Setup(implementation, false, Fault.ZOMBIE,
                implementation == Implementation.DAPR ? StateStore.POSTGRESQL : StateStore.SQLITE));
        assertExactlyOnce(implementation, run);
        if (implementation == Implementation.DIRECT_KAFKA) {
            // its producer's epoch is behind the replacement's (fenced at send or commit), or the group has its id
            assertThat(run.zombieSaid()).as("what the woken instance said")
                    .containsPattern("ProducerFencedException|InvalidProducerEpochException|FencedInstanceIdException");
        }
    }

    /** Dapr only: the direct variant has no sidecar to lose. */
    @Test
    void everyPaymentHasExactlyOneOutcomeWhenDaprdAloneIsKilledAndRestarted() throws Exception {
        assertExactlyOnce(Implementation.DAPR, run(Setup.of(Implementation.DAPR, Fault.SIDECAR_CRASH)));
    }

    /**
     * Dapr only: the app dies while its daprd goes on; the app health check stops the deliveries until the new app is
     * UP, and the component's retries never move an event aside (components/kafka/pubsub.yaml).
     */
    @Test
    void everyPaymentHasExactlyOneOutcomeWhenTheAppAloneIsKilledAndRestarted() throws Exception {
        assertExactlyOnce(Implementation.DAPR, run(Setup.of(Implementation.DAPR, Fault.APP_CRASH)));
    }

    /** The contrast, for both: the same crash and retries against an agent that neither transacts nor deduplicates. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void theNaiveAtLeastOnceAgentDecidesRetriedPaymentsTwice(Implementation implementation) throws Exception {
        Outcome run = run(new Setup(implementation, true, Fault.CRASH, StateStore.SQLITE));

        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(SETTINGS.payments());
        long twice = run.outcomesPerPayment().values().stream().filter(n -> n > 1).count();
        assertThat(twice).as("payments decided more than once").isGreaterThanOrEqualTo(SETTINGS.retried());
        assertThat(run.result().passed()).as("the contrast shown").isTrue();
    }

    /** One run on fresh topics, its figures written to target/comparison/&lt;scenario&gt;-&lt;implementation&gt;.json. */
    private Outcome run(Setup setup) throws Exception {
        Topics topics = SuiteKafka.freshTopics(setup.scenario(), setup.implementation().label());
        Outcome outcome = ExactlyOnceScenario.run(kafka, topics, LOGS, setup, SETTINGS, Progress.NONE);
        outcome.result().write(ScenarioResult.SUITE_RESULTS);
        return outcome;
    }

    private void assertExactlyOnce(Implementation implementation, Outcome run) throws Exception {
        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(SETTINGS.payments());
        assertThat(run.deadLetterReasons()).as("dead letters of payment-requested").singleElement(InstanceOfAssertFactories.STRING)
                .contains("a payment is positive: 0");
        assertThat(run.outcomesPerPayment().values().stream().filter(n -> n != 1).count())
                .as("payments with other than one outcome").isZero();
        // not only one each: the one the domain alone decides on the same input (amount, refusal, balance seen, place)
        ExactlyOnceDetails details = run.result().details(ExactlyOnceDetails.class).orElseThrow();
        assertThat(details.decidedUnlikeTheReference()).as("outcomes unlike the reference: %s", details.unlikeTheReference()).isZero();
        assertThat(details.copiesWithOtherContent()).as("one id, other content").isZero();
        assertThat(run.depositsPerCommand()).hasSize(SETTINGS.accounts()).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        List<LedgerEvent> all = run.byAccount().values().stream().flatMap(List::stream).toList();
        assertThat(all).as("both outcomes occur").anyMatch(MoneyWithdrawn.class::isInstance)
                .anyMatch(e -> e instanceof WithdrawalRejected r && r.reason().equals("insufficient funds"));
        Projections.Balances balances = new Projections.Balances();
        run.byAccount().forEach((account, events) -> {
            // replay refuses a gap or a repeated sequence number: no event applied twice, none lost in between
            Account replayed = Account.replay(account, events);
            assertThat(replayed.version()).isEqualTo(events.size());
            assertThat(replayed.balanceCents()).as(account).isNotNegative().isEqualTo(SETTINGS.depositCents()
                    - events.stream().filter(MoneyWithdrawn.class::isInstance).mapToLong(e -> ((MoneyWithdrawn) e).amountCents()).sum());
            events.forEach(balances::feed);
        });
        assertThat(balances.balances()).hasSize(SETTINGS.accounts());
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
            assertEventsSinceATimeAreSoughtByTimestamp(run.topics(), refusal);
        }
    }

    /**
     * projection-agent, started after the run (a view added later), catches up from the oldest event to exactly the
     * balances the accounts replay to and the daily totals of their events; started again, it rebuilds the same from
     * scratch — reading nothing but ledger-events, where the Dapr ledger left some events twice and out of order.
     */
    private void assertReadViewsCatchUpFromTheOldestEventAndRebuild(Implementation implementation, Outcome run) throws Exception {
        Map<String, Long> replayed = new TreeMap<>();
        run.byAccount().forEach((account, events) -> replayed.put(account, Account.replay(account, events).balanceCents()));
        List<LedgerEvent> all = run.byAccount().values().stream().flatMap(List::stream).toList();
        LedgerViews expected = new LedgerViews();
        all.forEach(expected::feed);
        assertThat(expected.dailyTotals()).as("daily totals of the log").satisfies(days -> {
            assertThat(days.stream().mapToLong(LedgerViews.DayTotals::depositedCents).sum())
                    .isEqualTo(SETTINGS.accounts() * SETTINGS.depositCents());
            assertThat(days.stream().mapToLong(LedgerViews.DayTotals::withdrawnCents).sum()).isEqualTo(all.stream()
                    .filter(MoneyWithdrawn.class::isInstance).mapToLong(e -> ((MoneyWithdrawn) e).amountCents()).sum());
            assertThat(days.stream().mapToLong(LedgerViews.DayTotals::rejected).sum())
                    .isEqualTo(all.stream().filter(WithdrawalRejected.class::isInstance).count());
        });
        for (String start : List.of("added after the run", "started again: rebuilt from scratch")) {
            long startedAt = System.nanoTime();
            try (Implementation.Views views = implementation.startProjectionAgent(kafka, run.topics(), LOGS)) {
                await().atMost(Duration.ofMinutes(2)).until(() -> views.status().applied() >= all.size());
                System.out.printf("projection-agent (%s), %s: %,d events in %.1f s from its start%n", implementation.label(),
                        start, all.size(), (System.nanoTime() - startedAt) / 1e9);
                assertThat(views.status()).as(start).isEqualTo(new LedgerViews.Status(all.size(), 0, Map.of()));
                assertThat(views.balances()).as(start).isEqualTo(replayed);
                assertThat(views.dailyTotals()).as(start).isEqualTo(expected.dailyTotals());
            }
        }
    }

    /**
     * Direct: {@code ./ledger events ACCOUNT --since T} prints exactly the account's events written at or after T —
     * each partition sought with offsetsForTimes, nothing before it read out.
     */
    private void assertEventsSinceATimeAreSoughtByTimestamp(Topics topics, WithdrawalRejected refusal) {
        long since = refusal.occurredAt().toEpochMilli();
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        List<String> expected = new ArrayList<>();
        log.readToEnd(log.partitions(topics.ledgerEvents()), record -> LedgerLog.event(record)
                .filter(e -> e.accountId().equals(refusal.accountId()) && record.timestamp() >= since)
                .ifPresent(e -> expected.add(e.eventId())));

        List<String> printed = ExactlyOnceScenario.ledgerCli(kafka, topics, "events", refusal.accountId(), "--since",
                refusal.occurredAt().toString()).lines().toList();

        assertThat(expected).as("events written since the refusal was decided").contains(refusal.eventId());
        assertThat(printed).extracting(line -> line.split(" ")[3]).as("./ledger events --since").containsExactlyElementsOf(expected);
        assertThat(printed.get(0)).startsWith(refusal.accountId() + " #");
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
}
