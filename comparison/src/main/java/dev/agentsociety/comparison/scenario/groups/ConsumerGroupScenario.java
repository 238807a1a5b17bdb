package dev.agentsociety.comparison.scenario.groups;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.measure.DeliveryTally.Effect;
import dev.agentsociety.comparison.measure.DeliveryTally;
import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.direct.kafka.TopicReader;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.events.DepositRecorded;
import dev.agentsociety.domain.events.DepositRequested;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * S4 consumer groups and per-key order. A producer sends numbered deposit commands for {@code accounts} accounts
 * (keyed by accountId) to {@code ledger-commands} (6 partitions) at a steady rate while ledger-agent scales
 * 1 -> 3 -> 1 instances in its one consumer group; each instance records {@code DepositRecorded} on
 * {@code ledger-events}, naming itself. Measured: the delivery tally (per account in command order), commands
 * dead-lettered, latency from the publish call to the deposit's record timestamp, the group's assignments as the
 * broker reported them ({@link ConsumerGroupWatch}) and the rebalances the first instance was told of.
 */
public final class ConsumerGroupScenario implements Scenario {

    static final int PARTITIONS = 6;

    record Settings(int accounts, double rate) {
    }

    record Outcome(ScenarioResult result, DeliveryTally tally, long deadLettered,
            List<ConsumerGroupWatch.Assignment> rebalances, List<String> seenByFirst) {
    }

    @Override
    public String name() {
        return "consumer-groups";
    }

    @Override
    public String summary() {
        return "ledger-agent scaled 1 -> 3 -> 1 under deposits: every deposit once, per-account order, the rebalances";
    }

    /** 24 accounts, deposits at the first --rate (max: 50/s). */
    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        return run(implementation, stage.kafka(), stage.topics(), stage.logs(),
                new Settings(24, stage.rate() > 0 ? stage.rate() : 50), progress).result();
    }

    static Outcome run(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, Settings settings,
            Progress progress) throws Exception {
        int accounts = settings.accounts();
        long intervalMicros = (long) (1e6 / settings.rate());
        Map<String, List<String>> sentByAccount = new TreeMap<>();
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        List<ReceivedEvent> recorded = new ArrayList<>();
        Latencies latencies = new Latencies();
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ledger-producer"));
        List<ConsumerGroupWatch.Assignment> rebalances;
        List<String> seenByFirst;
        Instant firstSend;
        Instant lastRecorded;
        ProcessCosts costs;

        try (ConsumerGroupWatch group = new ConsumerGroupWatch(kafka.bootstrapServers(), LedgerAgent.NAME, topics.ledgerCommands()).start();
                TopicReader ledgerEvents = new TopicReader(kafka.bootstrapServers(), "observer-ledger", topics.ledgerEvents());
                Implementation.EventSink commands = implementation.publisher(kafka, topics, "ledger-producer", logs);
                Implementation.LedgerInstance first = implementation.startLedgerAgent(kafka, topics, "ledger-agent-1", logs)) {
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Runnable poll = () -> {
                if (producerFailure.get() != null) {
                    throw new IllegalStateException("the producer failed", producerFailure.get());
                }
                ledgerEvents.poll(Duration.ofMillis(50)).forEach(event -> {
                    recorded.add(event);
                    Instant at = sentAt.remove(event.data(DepositRecorded.class).causationId()); // first record only
                    if (at != null) {
                        latencies.record(Duration.between(at, event.timestamp()));
                    }
                });
            };
            progress.phase("ledger-agent x1", 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> group.settledOn(1, PARTITIONS));

            firstSend = Instant.now();
            costs = ProcessCosts.start();
            long[] sent = {0};
            producer.scheduleAtFixedRate(() -> {
                try {
                    String account = "acc-" + (sent[0] % accounts + 1);
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
            }, 0, intervalMicros, TimeUnit.MICROSECONDS);

            // 1 instance: it handles everything
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll.run();
                return handledBy(recorded, "ledger-agent-1", Instant.MIN) >= 50;
            });

            progress.phase("ledger-agent x3", 0);
            // 1 -> 3: the group spreads the 6 partitions over three members, and each of them records deposits
            Instant scaledUp = Instant.now();
            CompletableFuture<Implementation.LedgerInstance> second = CompletableFuture.supplyAsync(
                    () -> implementation.startLedgerAgent(kafka, topics, "ledger-agent-2", logs));
            CompletableFuture<Implementation.LedgerInstance> third = CompletableFuture.supplyAsync(
                    () -> implementation.startLedgerAgent(kafka, topics, "ledger-agent-3", logs));
            try (Implementation.LedgerInstance two = second.join(); Implementation.LedgerInstance three = third.join()) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    poll.run();
                    return group.settledOn(3, PARTITIONS) && List.of("ledger-agent-1", "ledger-agent-2", "ledger-agent-3")
                            .stream().allMatch(instance -> handledBy(recorded, instance, scaledUp) >= 10);
                });
            } // 3 -> 1: two instances leave the group
            progress.phase("ledger-agent x1 again", 0);

            // the one left takes every partition again and records deposits for every account
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                poll.run();
                return group.settledOn(1, PARTITIONS);
            });
            Instant scaledDown = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll.run();
                return accountsHandledBy(recorded, "ledger-agent-1", scaledDown).size() == accounts;
            });

            progress.phase("waiting for every command", 0);
            producer.shutdown();
            if (!producer.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the producer did not stop within 30 s");
            }
            Set<String> allSent;
            synchronized (sentByAccount) {
                allSent = sentByAccount.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            }
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    poll.run();
                    return recorded.stream().map(e -> e.data(DepositRecorded.class).causationId()).collect(Collectors.toSet())
                            .containsAll(allSent);
                });
            } catch (ConditionTimeoutException e) {
                // some never came: the tally below counts and names them
            }
            lastRecorded = Instant.now();
            costs.end();
            recorded.addAll(ledgerEvents.poll(Duration.ofMillis(500))); // a late duplicate would come now
            rebalances = group.changes();
            seenByFirst = first.rebalancesSeen().get();
            progress.phase("stopping the agents", 0);
        } finally {
            producer.shutdownNow();
        }

        List<Effect> effects = recorded.stream()
                .map(e -> new Effect(e.key(), e.data(DepositRecorded.class).causationId())).toList();
        DeliveryTally tally = DeliveryTally.of(sentByAccount, effects);
        Map<String, Long> byInstance = new LinkedHashMap<>();
        recorded.forEach(e -> byInstance.merge(e.data(DepositRecorded.class).handledBy(), 1L, Long::sum));
        long deadLettered = recordsIn(kafka.bootstrapServers(), Topics.deadLetter(topics.ledgerCommands()));
        ScenarioResult result = costs.into(ScenarioResult.of("consumer-groups", implementation.label(), "kafka")
                .tally(tally).latency(latencies).throughput(tally.sent(), Duration.between(firstSend, lastRecorded)))
                .details(new ConsumerGroupDetails(byInstance, deadLettered, seenByFirst, rebalances.stream()
                        .map(a -> new ConsumerGroupDetails.Rebalance(a.at().toString(), a.partitionsByMember())).toList()))
                .build();
        return new Outcome(result, tally, deadLettered, rebalances, seenByFirst);
    }

    private static long handledBy(List<ReceivedEvent> recorded, String instance, Instant since) {
        return recorded.stream().filter(e -> !e.timestamp().isBefore(since))
                .filter(e -> e.data(DepositRecorded.class).handledBy().equals(instance)).count();
    }

    private static Set<String> accountsHandledBy(List<ReceivedEvent> recorded, String instance, Instant since) {
        return recorded.stream().filter(e -> !e.timestamp().isBefore(since))
                .map(e -> e.data(DepositRecorded.class))
                .filter(d -> d.handledBy().equals(instance)).map(DepositRecorded::accountId).collect(Collectors.toSet());
    }

    /** How many records a topic holds (the sum of its partitions' end offsets; for topics never compacted). */
    static long recordsIn(String bootstrapServers, String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
