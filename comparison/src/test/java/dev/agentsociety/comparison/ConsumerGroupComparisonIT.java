package dev.agentsociety.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.DeliveryTally.Effect;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.ReceivedEvent;
import dev.agentsociety.direct.TopicReader;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.events.MoneyDeposited;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S4 consumer groups and per-key order, identical for both implementations. A producer sends numbered deposit
 * commands for 24 accounts (keyed by accountId) to {@code ledger-commands} (6 partitions) at a steady rate while
 * ledger-agent scales 1 -> 3 -> 1 instances in its one consumer group. Every command must be recorded on
 * {@code ledger-events} — none lost, none unexpected — and each account's commands in the order they were sent;
 * duplicates (at-least-once redelivery around a rebalance) are counted. Each rebalance is logged from the broker's
 * side ({@link ConsumerGroupWatch}) and the member counts must go 1 -> 3 -> 1.
 */
class ConsumerGroupComparisonIT {

    private static final int ACCOUNTS = 24;
    private static final int PARTITIONS = 6;
    private static final long SEND_EVERY_MS = 20; // 50 commands/s
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void scalingOneThreeOneLosesNothingAndKeepsEachAccountInOrder(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("groups", implementation.label());
        Map<String, List<String>> sentByAccount = new TreeMap<>();
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        List<ReceivedEvent> recorded = new ArrayList<>();
        Latencies latencies = new Latencies();
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ledger-producer"));
        List<ConsumerGroupWatch.Assignment> rebalances;
        List<String> seenByFirst;
        Instant firstSend;
        Instant lastRecorded;

        try (ConsumerGroupWatch group = new ConsumerGroupWatch(kafka.bootstrapServers(), LedgerAgent.NAME, topics.ledgerCommands()).start();
                TopicReader ledgerEvents = new TopicReader(kafka.bootstrapServers(), "observer-ledger", topics.ledgerEvents());
                Implementation.EventSink commands = implementation.publisher(kafka, topics, "ledger-producer", LOGS);
                Implementation.LedgerInstance first = implementation.startLedgerAgent(kafka, topics, "ledger-agent-1", LOGS)) {
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Runnable poll = () -> {
                if (producerFailure.get() != null) {
                    throw new IllegalStateException("the producer failed", producerFailure.get());
                }
                ledgerEvents.poll(Duration.ofMillis(50)).forEach(event -> {
                    recorded.add(event);
                    Instant at = sentAt.remove(event.data(MoneyDeposited.class).causationId()); // first record only
                    if (at != null) {
                        latencies.record(Duration.between(at, event.timestamp()));
                    }
                });
            };
            await().atMost(Duration.ofSeconds(60)).until(() -> group.settledOn(1, PARTITIONS));

            firstSend = Instant.now();
            long[] sent = {0};
            producer.scheduleAtFixedRate(() -> {
                try {
                    String account = "acc-" + (sent[0] % ACCOUNTS + 1);
                    DepositRequested command;
                    synchronized (sentByAccount) {
                        List<String> ids = sentByAccount.computeIfAbsent(account, a -> new ArrayList<>());
                        command = DepositRequested.of(account, ids.size() + 1, 100);
                        ids.add(command.eventId());
                    }
                    sentAt.put(command.eventId(), Instant.now());
                    commands.publish(topics.ledgerCommands(), command);
                    sent[0]++;
                } catch (RuntimeException e) {
                    producerFailure.compareAndSet(null, e);
                    throw e;
                }
            }, 0, SEND_EVERY_MS, TimeUnit.MILLISECONDS);

            // 1 instance: it handles everything
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll.run();
                return handledBy(recorded, "ledger-agent-1", Instant.MIN) >= 50;
            });

            // 1 -> 3: the group spreads the 6 partitions over three members, and each of them records deposits
            Instant scaledUp = Instant.now();
            CompletableFuture<Implementation.LedgerInstance> second = CompletableFuture.supplyAsync(
                    () -> implementation.startLedgerAgent(kafka, topics, "ledger-agent-2", LOGS));
            CompletableFuture<Implementation.LedgerInstance> third = CompletableFuture.supplyAsync(
                    () -> implementation.startLedgerAgent(kafka, topics, "ledger-agent-3", LOGS));
            try (Implementation.LedgerInstance two = second.join(); Implementation.LedgerInstance three = third.join()) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    poll.run();
                    return group.settledOn(3, PARTITIONS) && List.of("ledger-agent-1", "ledger-agent-2", "ledger-agent-3")
                            .stream().allMatch(instance -> handledBy(recorded, instance, scaledUp) >= 10);
                });
            } // 3 -> 1: two instances leave the group

            // the one left takes every partition again and records deposits for every account
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                poll.run();
                return group.settledOn(1, PARTITIONS);
            });
            Instant scaledDown = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll.run();
                return accountsHandledBy(recorded, "ledger-agent-1", scaledDown).size() == ACCOUNTS;
            });

            producer.shutdown();
            assertThat(producer.awaitTermination(30, TimeUnit.SECONDS)).as("producer stopped").isTrue();
            Set<String> allSent;
            synchronized (sentByAccount) {
                allSent = sentByAccount.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            }
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    poll.run();
                    return recorded.stream().map(e -> e.data(MoneyDeposited.class).causationId()).collect(Collectors.toSet())
                            .containsAll(allSent);
                });
            } catch (ConditionTimeoutException e) {
                // some never came: the tally below counts and names them
            }
            lastRecorded = Instant.now();
            recorded.addAll(ledgerEvents.poll(Duration.ofMillis(500))); // a late duplicate would come now
            rebalances = group.changes();
            seenByFirst = first.rebalancesSeen().get();
        } finally {
            producer.shutdownNow();
        }

        List<Effect> effects = recorded.stream()
                .map(e -> new Effect(e.key(), e.data(MoneyDeposited.class).causationId())).toList();
        DeliveryTally tally = DeliveryTally.of(sentByAccount, effects);
        ScenarioResult result = new ScenarioResult("consumer-groups", implementation.label(), "kafka")
                .tally(tally).latency(latencies).throughput(tally.sent(), Duration.between(firstSend, lastRecorded));
        Map<String, Long> byInstance = new LinkedHashMap<>();
        recorded.forEach(e -> byInstance.merge(e.data(MoneyDeposited.class).handledBy(), 1L, Long::sum));
        result.details().putPOJO("recordedByInstance", byInstance);
        long deadLettered = SuiteKafka.recordsIn(Topics.deadLetter(topics.ledgerCommands()));
        result.details().put("deadLettered", deadLettered);
        result.details().putPOJO("rebalancesSeenByFirstInstance", seenByFirst);
        result.details().putPOJO("rebalances", rebalances.stream()
                .map(a -> Map.of("at", a.at().toString(), "members", a.partitionsByMember())).toList());
        Path out = result.write(ScenarioResult.SUITE_RESULTS);

        assertThat(tally.lostIds()).as("commands without a recorded deposit (%s)", out).isEmpty();
        assertThat(deadLettered).as("commands sent to the dead-letter topic").isZero();
        assertThat(tally.unexpected()).as("deposits nobody commanded").isZero();
        assertThat(tally.orderViolations()).as("deposits recorded out of their account's order").isZero();
        assertThat(rebalances.stream().map(ConsumerGroupWatch.Assignment::members).toList())
                .as("group sizes while scaling (%s)", rebalances).containsSubsequence(1, 3, 1);
        // the agent itself knows: all six partitions, then two of them, then all six again
        Gaps.expect(implementation, CapabilityGap.DAPR_APP_NOT_TOLD_OF_REBALANCES, () -> assertThat(seenByFirst)
                .as("rebalances ledger-agent-1 was told of").filteredOn(seen -> seen.startsWith("assigned"))
                .hasSizeGreaterThanOrEqualTo(3));
    }

    private static long handledBy(List<ReceivedEvent> recorded, String instance, Instant since) {
        return recorded.stream().filter(e -> !e.timestamp().isBefore(since))
                .filter(e -> e.data(MoneyDeposited.class).handledBy().equals(instance)).count();
    }

    private static Set<String> accountsHandledBy(List<ReceivedEvent> recorded, String instance, Instant since) {
        return recorded.stream().filter(e -> !e.timestamp().isBefore(since))
                .map(e -> e.data(MoneyDeposited.class))
                .filter(d -> d.handledBy().equals(instance)).map(MoneyDeposited::accountId).collect(Collectors.toSet());
    }
}
