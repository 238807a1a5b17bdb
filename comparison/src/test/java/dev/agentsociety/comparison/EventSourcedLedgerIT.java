package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.KafkaEventCodec;
import dev.agentsociety.direct.KafkaEventPublisher;
import dev.agentsociety.direct.ledger.EventSourcedLedger;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.events.EventTypes;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.MoneyDeposited;
import dev.agentsociety.domain.ledger.MoneyWithdrawn;
import dev.agentsociety.domain.ledger.PaymentRequested;
import dev.agentsociety.domain.ledger.Projections;
import dev.agentsociety.domain.ledger.WithdrawalRejected;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once effects under a crash, direct variant: thousands of payments over many accounts, some published
 * twice (a publisher that retried after a timeout), and the ledger-agent process killed with SIGKILL mid-stream
 * and started again. With transactions every payment has exactly one outcome and every account's log replays;
 * the same run against the naive at-least-once agent counts the duplicates it makes — the contrast row.
 */
class EventSourcedLedgerIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final int ACCOUNTS = 100;
    private static final int PAYMENTS = 3_000;
    private static final int RETRIED = 300;
    private static final long DEPOSIT = 20_000;

    private final KafkaStack kafka = SuiteKafka.get();

    record Run(Map<String, List<LedgerEvent>> byAccount, Map<String, Integer> outcomesPerPayment,
            Map<String, Integer> depositsPerCommand, List<PaymentRequested> payments) {
    }

    @Test
    void withTransactionsEveryPaymentHasExactlyOneOutcomeThroughAKillNineAndRetriedPublishes() throws Exception {
        Run run = crashAndRestart(EventSourcedLedger.GROUP, "exactly-once");

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
    }

    @Test
    void theNaiveAtLeastOnceAgentDecidesRetriedPaymentsTwice() throws Exception {
        Run run = crashAndRestart(EventSourcedLedger.GROUP + "-naive", "at-least-once");

        assertThat(run.outcomesPerPayment()).as("payments answered").hasSize(PAYMENTS);
        long twice = run.outcomesPerPayment().values().stream().filter(n -> n > 1).count();
        assertThat(twice).as("payments decided more than once").isGreaterThanOrEqualTo(RETRIED);
    }

    private Run crashAndRestart(String agent, String label) throws Exception {
        Topics topics = SuiteKafka.freshTopics("ledger-es", label);
        Random random = new Random(7);
        List<DepositRequested> deposits = new ArrayList<>();
        for (int a = 1; a <= ACCOUNTS; a++) {
            deposits.add(DepositRequested.of("acc-" + a, 1, DEPOSIT));
        }
        List<PaymentRequested> payments = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            payments.add(PaymentRequested.of("acc-" + (1 + random.nextInt(ACCOUNTS)), 1 + random.nextInt(2_000)));
        }
        int killedAfter;
        long startedAt = System.nanoTime();
        HostedDirectAgent ledger = HostedDirectAgent.start(agent, kafka, topics.prefix(), LOGS);
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

            // SIGKILL once a third of the payments are answered: no shutdown hook, no commit, an open transaction
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committedOffsets(admin, topics.paymentRequested()) >= PAYMENTS / 3);
            killedAfter = (int) committedOffsets(admin, topics.paymentRequested());
            ledger.handle().destroyForcibly();
            ledger.handle().onExit().get();
            ledger.close();
            ledger = HostedDirectAgent.start(agent, kafka, topics.prefix(), LOGS);

            long commands = PAYMENTS + RETRIED;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> committedOffsets(admin, topics.paymentRequested()) >= commands);
        } finally {
            ledger.close();
        }
        double seconds = (System.nanoTime() - startedAt) / 1e9;

        Map<String, List<LedgerEvent>> byAccount = new TreeMap<>();
        readCommitted(topics.ledgerEvents()).forEach(e -> byAccount.computeIfAbsent(e.accountId(), a -> new ArrayList<>()).add(e));
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, Integer> depositsMade = new HashMap<>();
        byAccount.values().forEach(events -> events.forEach(e -> {
            if (e instanceof MoneyWithdrawn || e instanceof WithdrawalRejected) {
                outcomes.merge(e.causationId(), 1, Integer::sum);
            } else if (e instanceof MoneyDeposited) {
                depositsMade.merge(e.causationId(), 1, Integer::sum);
            }
        }));
        ScenarioResult result = new ScenarioResult("exactly-once-ledger", "direct-kafka " + label, "kafka");
        long decidedTwice = outcomes.values().stream().filter(n -> n > 1).count();
        long extraEffects = outcomes.values().stream().mapToLong(n -> n - 1L).filter(n -> n > 0).sum();
        result.json().put("sent", PAYMENTS).put("delivered", outcomes.size()).put("duplicates", extraEffects)
                .put("lost", PAYMENTS - outcomes.size()).put("passed", outcomes.size() == PAYMENTS);
        result.details().put("accounts", ACCOUNTS).put("paymentsPublishedTwice", RETRIED)
                .put("killedAfterCommittedPayments", killedAfter).put("paymentsDecidedMoreThanOnce", decidedTwice)
                .put("withdrawn", byAccount.values().stream().flatMap(List::stream).filter(MoneyWithdrawn.class::isInstance).count())
                .put("rejected", byAccount.values().stream().flatMap(List::stream).filter(WithdrawalRejected.class::isInstance).count())
                .put("seconds", Math.round(seconds * 10) / 10.0);
        result.write(ScenarioResult.SUITE_RESULTS);
        return new Run(byAccount, outcomes, depositsMade, payments);
    }

    /** How many records of the topic the ledger's group has committed, over all partitions. */
    private static long committedOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(EventSourcedLedger.GROUP)
                .partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Every committed ledger event of the topic, in each partition's order. */
    private List<LedgerEvent> readCommitted(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<LedgerEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    CloudEvent cloudEvent = KafkaEventCodec.decode(record.value());
                    Class<?> type = EventTypes.classOf(cloudEvent.getType()).orElseThrow();
                    events.add((LedgerEvent) KafkaEventCodec.data(cloudEvent, type));
                }
            }
        }
        return events;
    }
}
