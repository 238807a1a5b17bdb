package dev.agentsociety.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.EventTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerTest {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-27T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private final TestClock clock = new TestClock();
    private final InMemoryEventStore store = new InMemoryEventStore();

    /** What ledger-agent does with one command: read, decide, append at the version read. */
    private List<LedgerEvent> handle(LedgerCommand command) {
        Account account = Account.replay(command.accountId(), store.events(command.accountId()));
        List<LedgerEvent> events = account.decide(command, clock);
        store.append(command.accountId(), account.version(), events);
        return events;
    }

    @Test
    void depositsWithdrawalsAndARefusalWithItsReason() {
        handle(new LedgerCommand.OpenAccount("c1", "acc-1", "cust-1"));
        handle(new LedgerCommand.Deposit("c2", "acc-1", 10_000));
        List<LedgerEvent> paid = handle(new LedgerCommand.Withdraw("c3", "acc-1", 2_500));
        List<LedgerEvent> refused = handle(new LedgerCommand.Withdraw("c4", "acc-1", 9_000));

        assertThat(paid).singleElement().isInstanceOfSatisfying(MoneyWithdrawn.class, w -> {
            assertThat(w.sequence()).isEqualTo(3);
            assertThat(w.amountCents()).isEqualTo(2_500);
            assertThat(w.causationId()).isEqualTo("c3");
        });
        assertThat(refused).singleElement().isInstanceOfSatisfying(WithdrawalRejected.class, r -> {
            assertThat(r.sequence()).isEqualTo(4);
            assertThat(r.reason()).isEqualTo("insufficient funds");
            assertThat(r.balanceCents()).isEqualTo(7_500);
        });
        assertThat(Account.replay("acc-1", store.events("acc-1")))
                .isEqualTo(new Account("acc-1", 4, true, "cust-1", 7_500));
        assertThat(handle(new LedgerCommand.Withdraw("c5", "acc-404", 1))).singleElement()
                .isInstanceOfSatisfying(WithdrawalRejected.class, r -> assertThat(r.reason()).isEqualTo("no such account"));
    }

    @Test
    void aDepositToAnUnopenedAccountOpensItAndOpeningTwiceChangesNothing() {
        assertThat(handle(new LedgerCommand.Deposit("c1", "acc-2", 100))).extracting(LedgerEvent::describeFor)
                .containsExactly("acc-2 #1 AccountOpened", "acc-2 #2 MoneyDeposited");
        assertThat(handle(new LedgerCommand.OpenAccount("c2", "acc-2", "cust-2"))).isEmpty();
    }

    @Test
    void theSameCommandOnTheSameStateGivesTheSameEventsSoADuplicateShowsByItsId() {
        Account account = Account.none("acc-3");
        LedgerCommand deposit = new LedgerCommand.Deposit("c1", "acc-3", 100);
        assertThat(account.decide(deposit, clock)).extracting(LedgerEvent::eventId)
                .isEqualTo(account.decide(deposit, clock).stream().map(LedgerEvent::eventId).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void anEventOutOfSequenceIsRefused() {
        List<LedgerEvent> opened = Account.none("acc-4").decide(new LedgerCommand.Deposit("c1", "acc-4", 100), clock);
        assertThatThrownBy(() -> Account.none("acc-4").apply(opened.get(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at version 0, cannot apply acc-4 #2");
    }

    @Test
    void twoWritersCannotBothAppendTheSameVersion() {
        handle(new LedgerCommand.Deposit("c1", "acc-5", 1_000));
        Account seenByA = Account.replay("acc-5", store.events("acc-5"));
        Account seenByB = Account.replay("acc-5", store.events("acc-5"));
        List<LedgerEvent> byA = seenByA.decide(new LedgerCommand.Withdraw("pay-a", "acc-5", 800), clock);
        List<LedgerEvent> byB = seenByB.decide(new LedgerCommand.Withdraw("pay-b", "acc-5", 800), clock);

        store.append("acc-5", seenByA.version(), byA);
        assertThatThrownBy(() -> store.append("acc-5", seenByB.version(), byB)).isInstanceOf(ConcurrencyConflict.class)
                .hasMessageContaining("expected version 2, found 3");
        // B reads again and decides on what is there now: the money is gone
        assertThat(handle(new LedgerCommand.Withdraw("pay-b", "acc-5", 800))).singleElement()
                .isInstanceOf(WithdrawalRejected.class);
        assertThat(store.events("acc-5")).extracting(LedgerEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRebuildFromASnapshotEqualsTheLiveStateAndFullReplay() {
        Random random = new Random(42);
        Account live = Account.none("acc-6");
        Optional<Snapshot> latest = Optional.empty();
        for (int i = 0; i < 1_000; i++) {
            LedgerCommand command = random.nextInt(3) == 0
                    ? new LedgerCommand.Withdraw("w" + i, "acc-6", 1 + random.nextInt(5_000))
                    : new LedgerCommand.Deposit("d" + i, "acc-6", 1 + random.nextInt(3_000));
            List<LedgerEvent> events = live.decide(command, clock);
            store.append("acc-6", live.version(), events);
            for (LedgerEvent event : events) {
                live = live.apply(event);
                if (Snapshot.due(live.version())) {
                    latest = Optional.of(new Snapshot(live));
                }
            }
        }
        History history = new History("acc-6", store.events("acc-6"));
        assertThat(latest).get().extracting(Snapshot::version).isEqualTo(live.version() / Snapshot.EVERY * Snapshot.EVERY);
        assertThat(history.from(latest)).isEqualTo(live).isEqualTo(Account.replay("acc-6", store.events("acc-6")));
        long sum = store.events("acc-6").stream().mapToLong(e -> e instanceof MoneyDeposited d ? d.amountCents()
                : e instanceof MoneyWithdrawn w ? -w.amountCents() : 0).sum();
        assertThat(live.balanceCents()).isEqualTo(sum).isNotNegative();
    }

    @Test
    void theStateAtAPointInTimeOrAtAVersion() {
        handle(new LedgerCommand.OpenAccount("c1", "acc-7", "cust-7"));
        handle(new LedgerCommand.Deposit("c2", "acc-7", 5_000));
        Instant afterDeposit = clock.now;
        clock.advance(Duration.ofHours(1));
        handle(new LedgerCommand.Withdraw("c3", "acc-7", 1_200));
        History history = new History("acc-7", store.events("acc-7"));

        assertThat(history.asOf(afterDeposit).balanceCents()).isEqualTo(5_000);
        assertThat(history.asOf(afterDeposit.minusSeconds(1)).version()).isZero();
        assertThat(history.asOf(clock.now).balanceCents()).isEqualTo(3_800);
        assertThat(history.atVersion(1)).isEqualTo(new Account("acc-7", 1, true, "cust-7", 0));
    }

    @Test
    void whyARefusalHappenedReadsOldestFirstWithTheCommandsThatCausedEachStep() {
        handle(new LedgerCommand.OpenAccount("c1", "acc-8", "cust-8"));
        handle(new LedgerCommand.Deposit("c2", "acc-8", 3_000));
        handle(new LedgerCommand.Withdraw("c3", "acc-8", 2_000));
        LedgerEvent refusal = handle(new LedgerCommand.Withdraw("c4", "acc-8", 1_500)).get(0);
        handle(new LedgerCommand.Deposit("c5", "acc-8", 9_000)); // after the decision: not part of why

        List<String> why = new History("acc-8", store.events("acc-8")).why(refusal.eventId(),
                Map.of("c3", "PaymentRequested c3 (20.00)", "c4", "PaymentRequested c4 (15.00)"));

        assertThat(why).hasSize(4);
        assertThat(why.get(0)).contains("#1 AccountOpened for cust-8 <- command c1; balance 0.00");
        assertThat(why.get(1)).contains("#2 MoneyDeposited +30.00 <- command c2; balance 30.00");
        assertThat(why.get(2)).contains("#3 MoneyWithdrawn -20.00 <- PaymentRequested c3 (20.00); balance 10.00");
        assertThat(why.get(3)).contains("#4 WithdrawalRejected refused 15.00: insufficient funds (balance was 10.00) "
                + "<- PaymentRequested c4 (15.00); balance 10.00");
    }

    @Test
    void projectionsRebuildFromTheLogAndSkipWhatTheyHaveSeen() {
        handle(new LedgerCommand.OpenAccount("c1", "acc-9", "cust-9"));
        handle(new LedgerCommand.Deposit("c2", "acc-9", 4_000));
        handle(new LedgerCommand.Deposit("c3", "acc-10", 700));
        clock.advance(Duration.ofDays(1));
        handle(new LedgerCommand.Withdraw("c4", "acc-9", 1_000));
        handle(new LedgerCommand.Withdraw("c5", "acc-9", 99_000));

        Projections.Balances balances = new Projections.Balances();
        Projections.DailyTotals daily = new Projections.DailyTotals();
        store.all().forEach(balances::feed);
        store.all().forEach(daily::feed);
        store.all().forEach(e -> assertThat(balances.feed(e)).as("fed again: skipped").isFalse());

        assertThat(balances.balances()).isEqualTo(Map.of("acc-9", 3_000L, "acc-10", 700L));
        LocalDate day1 = LocalDate.of(2026, 11, 27);
        assertThat(daily.totals()).isEqualTo(Map.of(
                new Projections.DailyTotals.Day("cust-9", day1), new Projections.DailyTotals.Totals(4_000, 0, 0),
                new Projections.DailyTotals.Day("(unknown)", day1), new Projections.DailyTotals.Totals(700, 0, 0),
                new Projections.DailyTotals.Day("cust-9", day1.plusDays(1)), new Projections.DailyTotals.Totals(0, 1_000, 1)));

        Projections.Balances addedLater = new Projections.Balances();
        store.all().forEach(addedLater::feed);
        assertThat(addedLater.balances()).isEqualTo(balances.balances());

        Map<String, Long> fromAggregates = new HashMap<>();
        for (String account : List.of("acc-9", "acc-10")) {
            fromAggregates.put(account, Account.replay(account, store.events(account)).balanceCents());
        }
        assertThat(balances.balances()).isEqualTo(fromAggregates);
    }

    @Test
    void aProjectionHoldsAnEventThatCameEarlyUntilTheOnesBeforeItCome() {
        List<LedgerEvent> events = new ArrayList<>(Account.none("acc-11").decide(new LedgerCommand.Deposit("c1", "acc-11", 100), clock));
        Account opened = Account.replay("acc-11", events);
        events.addAll(opened.decide(new LedgerCommand.Withdraw("c2", "acc-11", 30), clock));
        Projections.Balances balances = new Projections.Balances();

        assertThat(balances.feed(events.get(2))).as("#3 before #1").isFalse();
        assertThat(balances.feed(events.get(1))).as("#2 before #1").isFalse();
        assertThat(balances.waiting()).isEqualTo(Map.of("acc-11", 1L));
        assertThat(balances.balances()).isEmpty();

        assertThat(balances.feed(events.get(0))).isTrue();
        assertThat(balances.waiting()).isEmpty();
        assertThat(balances.applied()).isEqualTo(3);
        assertThat(balances.balances()).isEqualTo(Map.of("acc-11", 70L));
        assertThat(balances.feed(events.get(2))).as("#3 again").isFalse();
        assertThat(balances.applied()).isEqualTo(3);
    }

    @Test
    void projectionAgentsViewsAreBalancesAndEachCustomersDaysInOrder() {
        handle(new LedgerCommand.OpenAccount("c1", "acc-13", "cust-b"));
        handle(new LedgerCommand.OpenAccount("c2", "acc-14", "cust-a"));
        handle(new LedgerCommand.Deposit("c3", "acc-13", 500));
        clock.advance(Duration.ofDays(1));
        handle(new LedgerCommand.Deposit("c4", "acc-14", 900));
        handle(new LedgerCommand.Withdraw("c5", "acc-14", 1_000));
        LedgerViews views = new LedgerViews();
        store.all().forEach(views::feed);
        store.all().forEach(views::feed); // delivered again
        views.unreadable();

        LocalDate day1 = LocalDate.of(2026, 11, 27);
        assertThat(views.balances()).isEqualTo(Map.of("acc-13", 500L, "acc-14", 900L));
        assertThat(views.dailyTotals()).containsExactly(
                new LedgerViews.DayTotals("cust-a", day1.plusDays(1), 900, 0, 1),
                new LedgerViews.DayTotals("cust-b", day1, 500, 0, 0));
        assertThat(views.status()).isEqualTo(new LedgerViews.Status(5, 1, Map.of()));
    }

    @Test
    void eventsTravelAsJsonUnderLedgerTypeNames() {
        handle(new LedgerCommand.OpenAccount("c1", "acc-12", "cust-12"));
        handle(new LedgerCommand.Deposit("c2", "acc-12", 500));
        handle(new LedgerCommand.Withdraw("c3", "acc-12", 200));
        handle(new LedgerCommand.Withdraw("c4", "acc-12", 20_000));
        for (LedgerEvent event : store.events("acc-12")) {
            assertThat(event.type()).isEqualTo("agentsociety.ledger." + event.getClass().getSimpleName() + ".v1");
            assertThat(EventTypes.classOf(event.type())).contains(event.getClass());
            assertThat(EventJson.fromBytes(EventJson.toBytes(event), event.getClass())).isEqualTo(event);
        }
        assertThat(EventTypes.classOf("agentsociety.DepositRecorded.v1")).contains(dev.agentsociety.domain.events.DepositRecorded.class);
    }
}
