package dev.agentsociety.direct.eventledger;

import dev.agentsociety.direct.kafka.KafkaClientSecurity;
import dev.agentsociety.direct.kafka.KafkaEventCodec;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.LedgerCommand;
import dev.agentsociety.domain.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ledger-agent, event-sourced, over raw Kafka. Commands come from {@code ledger-commands} (deposits) and
 * {@code payment-requested} (payments); the log is {@code ledger-events}, keyed by accountId. All three topics have
 * the same partition count and key, so command partition p holds the accounts whose events are in log partition p:
 * the member that owns p is the only writer of those accounts — Kafka's answer to "two writers can never both
 * append version N" — and rebuilds their state when it gets p: from the newest {@link PartitionSnapshot} of p in
 * {@code ledger-snapshots} (one every {@value PartitionSnapshot#EVERY} events, compacted), then the log from the
 * offset the snapshot is good to — or the whole log partition when there is none.
 * Each command topic keeps an account's commands in order; between the two topics there is no order (a consumer
 * may hand over a whole fetch of one before the other), so a payment can overtake a deposit sent before it.
 *
 * <p>{@link Guarantee#EXACTLY_ONCE}: per poll, one transaction holds the events decided and the commands' offsets
 * ({@code sendOffsetsToTransaction}); readers use {@code read_committed}, so a crash before the commit leaves no
 * trace and the commands are decided again on the rebuilt state. A restart under the same {@code transactional.id}
 * fences the crashed instance (its open transaction is aborted); a member that lost its partitions in a rebalance is
 * fenced by the group generation the offsets carry. A command the log already answered (a publisher's retry left
 * it twice on the broker) is skipped: the log's causation ids are the set of commands handled — within a window
 * of the partition's latest {@value PartitionSnapshot#COMMAND_WINDOW} commands, which the snapshots carry.
 *
 * <p>{@link Guarantee#AT_LEAST_ONCE}: the naive contrast — publish the events, then commit the offsets, no
 * transaction, no deduplication. A crash between the two, or a command published twice, is decided twice.
 */
public final class EventSourcedLedger implements AutoCloseable {

    public static final String GROUP = "ledger-agent-es";

    public enum Guarantee { EXACTLY_ONCE, AT_LEAST_ONCE }

    private static final Logger log = LoggerFactory.getLogger(EventSourcedLedger.class);

    private final String bootstrapServers;
    private final Guarantee guarantee;
    private final String instance;
    private final String eventsTopic;
    private final String snapshotsTopic;
    private final List<String> commandTopics;
    private final KafkaEventCodec codec;
    private final Clock clock = Clock.systemUTC();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    /** Per owned partition: the accounts as the log makes them, the latest commands the log has answered (oldest
     * first), and how many events it has had since its last snapshot. */
    private final Map<Integer, Map<String, Account>> accounts = new HashMap<>();
    private final Map<Integer, Set<String>> answered = new HashMap<>();
    private final Map<Integer, Integer> sinceSnapshot = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventSourcedLedger(String bootstrapServers, Topics topics, String instance, Guarantee guarantee) {
        this.bootstrapServers = bootstrapServers;
        this.guarantee = guarantee;
        this.instance = instance;
        this.eventsTopic = topics.ledgerEvents();
        this.snapshotsTopic = topics.ledgerSnapshots();
        this.commandTopics = List.of(topics.ledgerCommands(), topics.paymentRequested());
        this.codec = new KafkaEventCodec(instance);
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(consumerConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, instance);
        // static membership: a restarted instance takes its partitions back at once instead of waiting for the
        // crashed one's session to expire
        consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, GROUP + "-" + instance);
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000); // as the Dapr component's sessionTimeout
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // commands published inside someone's transaction count only once it commits
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(producerConfig);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, instance + "-events");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (guarantee == Guarantee.EXACTLY_ONCE) {
            // stable across restarts of this instance: the restarted one fences the one that crashed
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, GROUP + "-" + instance);
        }
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, instance);
    }

    public EventSourcedLedger start() {
        if (guarantee == Guarantee.EXACTLY_ONCE) {
            producer.initTransactions(); // fences a previous incarnation and aborts what it left open
        }
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(commandTopics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> {
                        accounts.remove(p.partition());
                        answered.remove(p.partition());
                        sinceSnapshot.remove(p.partition());
                    });
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebuild(partitions.stream().map(TopicPartition::partition).distinct()
                            .filter(p -> !accounts.containsKey(p)).toList());
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    processOrReplay(records);
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (RuntimeException e) {
            // fenced, or the broker refused the transaction: stop; a restart rebuilds from the committed log
            log.error("{} stops: {}", instance, e.toString());
            if (guarantee == Guarantee.EXACTLY_ONCE) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException ignored) {
                    // fenced producers cannot abort; the coordinator does it
                }
            }
        } finally {
            consumer.close();
            producer.close();
        }
    }

    /**
     * Processes a poll's records; when the group has moved on without this member — expelled after its session timed
     * out (a network partition longer than it) or in the middle of a rebalance — nothing of the batch is committed: the
     * transaction is aborted and the batch read again from its first offsets. The next poll rejoins the group, and the
     * partitions it gets back are rebuilt from the log. A fenced producer cannot abort: a zombie stops here.
     */
    private void processOrReplay(ConsumerRecords<String, byte[]> records) {
        try {
            process(records);
        } catch (CommitFailedException | RebalanceInProgressException groupMovedOn) {
            log.warn("{} replays a batch of {} commands, none committed: {}", instance, records.count(), groupMovedOn.toString());
            if (guarantee == Guarantee.EXACTLY_ONCE) {
                producer.abortTransaction();
            }
            for (TopicPartition partition : records.partitions()) {
                if (consumer.assignment().contains(partition)) {
                    consumer.seek(partition, records.records(partition).get(0).offset());
                }
            }
        }
    }

    private void process(ConsumerRecords<String, byte[]> records) {
        boolean exactlyOnce = guarantee == Guarantee.EXACTLY_ONCE;
        if (exactlyOnce) {
            producer.beginTransaction();
        }
        Map<Integer, Map<String, Account>> changed = new HashMap<>();
        Map<Integer, Set<String>> newlyAnswered = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Integer, Future<RecordMetadata>> lastEvent = new HashMap<>();
        Map<Integer, Integer> written = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            LedgerCommand command;
            try {
                command = LedgerLog.command(record);
            } catch (RuntimeException malformed) {
                deadLetter(record, String.valueOf(malformed.getMessage())); // inside the transaction, with the offset
                continue;
            }
            int partition = record.partition();
            Set<String> fresh = newlyAnswered.computeIfAbsent(partition, p -> new LinkedHashSet<>());
            if (exactlyOnce && (answered.getOrDefault(partition, Set.of()).contains(command.commandId())
                    || fresh.contains(command.commandId()))) {
                log.info("{} skips command {}: the log answered it already", instance, command.commandId());
                continue;
            }
            Map<String, Account> batch = changed.computeIfAbsent(partition, p -> new HashMap<>());
            Account account = batch.getOrDefault(command.accountId(),
                    accounts.getOrDefault(partition, Map.of()).getOrDefault(command.accountId(), Account.none(command.accountId())));
            for (LedgerEvent event : account.decide(command, clock)) {
                ProducerRecord<String, byte[]> out = new ProducerRecord<>(eventsTopic, partition, event.accountId(), codec.encode(event));
                out.headers().add(KafkaEventCodec.CONTENT_TYPE_HEADER,
                        KafkaEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                lastEvent.put(partition, producer.send(out));
                written.merge(partition, 1, Integer::sum);
                account = account.apply(event);
            }
            batch.put(command.accountId(), account);
            fresh.add(command.commandId());
        }
        Map<Integer, Integer> since = new HashMap<>();
        written.forEach((p, n) -> {
            int events = sinceSnapshot.getOrDefault(p, 0) + n;
            if (events >= PartitionSnapshot.EVERY) {
                snapshot(p, lastEvent.get(p), changed.get(p), newlyAnswered.get(p));
                events = 0;
            }
            since.put(p, events);
        });
        if (exactlyOnce) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } else {
            producer.flush();
            consumer.commitSync(offsets);
        }
        // only what the broker now holds becomes this instance's state
        changed.forEach((p, batch) -> accounts.computeIfAbsent(p, x -> new HashMap<>()).putAll(batch));
        newlyAnswered.forEach((p, ids) -> answered.computeIfAbsent(p, x -> commandWindow()).addAll(ids));
        sinceSnapshot.putAll(since);
    }

    /**
     * Writes partition p's snapshot after this poll's events (in the transaction, when there is one: it commits with
     * the events it covers or not at all). The events are flushed first to learn the offset the snapshot is good to.
     */
    private void snapshot(int partition, Future<RecordMetadata> lastEvent, Map<String, Account> changed, Set<String> fresh) {
        producer.flush();
        long nextOffset;
        try {
            nextOffset = lastEvent.get().offset() + 1;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
        Map<String, Account> after = new TreeMap<>(accounts.getOrDefault(partition, Map.of()));
        after.putAll(changed);
        Set<String> recent = commandWindow();
        recent.addAll(answered.getOrDefault(partition, Set.of()));
        recent.addAll(fresh);
        PartitionSnapshot snapshot = new PartitionSnapshot(partition, nextOffset, List.copyOf(after.values()),
                List.copyOf(recent), clock.instant());
        producer.send(new ProducerRecord<>(snapshotsTopic, partition, PartitionSnapshot.key(partition), snapshot.toBytes()));
        log.info("{} snapshot of {}-{}: {} accounts, good to offset {}", instance, eventsTopic, partition, after.size(), nextOffset);
    }

    /** The latest answered commands of a partition, oldest first, at most {@link PartitionSnapshot#COMMAND_WINDOW}. */
    private static Set<String> commandWindow() {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > PartitionSnapshot.COMMAND_WINDOW;
            }
        });
    }

    /** A command the ledger cannot read goes unchanged to {@code <topic>-dlq} with the reason, as every agent's does. */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        producer.send(KafkaEventCodec.deadLetter(record, reason, GROUP));
        log.warn("{} dead-lettered {}-{}@{}: {}", instance, record.topic(), record.partition(), record.offset(), reason);
    }

    /** Rebuilds log partitions: each from its newest snapshot and the committed events after it (or all of them). */
    private void rebuild(List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        LedgerLog ledgerLog = new LedgerLog(bootstrapServers);
        Map<TopicPartition, ConsumerRecord<String, byte[]>> newest = ledgerLog.readLast(
                partitions.stream().map(p -> new TopicPartition(snapshotsTopic, p)).toList());
        Map<TopicPartition, Long> from = new HashMap<>();
        for (int p : partitions) {
            Optional<PartitionSnapshot> snapshot = Optional.ofNullable(newest.get(new TopicPartition(snapshotsTopic, p)))
                    .map(record -> PartitionSnapshot.fromBytes(record.value()));
            Map<String, Account> known = new HashMap<>();
            Set<String> recent = commandWindow();
            snapshot.ifPresent(s -> {
                s.accounts().forEach(account -> known.put(account.accountId(), account));
                recent.addAll(s.recentCommands());
            });
            accounts.put(p, known);
            answered.put(p, recent);
            sinceSnapshot.put(p, 0);
            from.put(new TopicPartition(eventsTopic, p), snapshot.map(PartitionSnapshot::nextOffset).orElse(0L));
        }
        long[] events = {0};
        ledgerLog.readFrom(from, record -> LedgerLog.event(record).ifPresent(event -> {
            accounts.get(record.partition()).compute(event.accountId(),
                    (id, known) -> (known == null ? Account.none(id) : known).apply(event));
            answered.get(record.partition()).add(event.causationId());
            events[0]++;
        }));
        log.info("{} rebuilt partitions {} from snapshots good to {} and {} events after them in {} ms", instance,
                partitions, from.values(), events[0], (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
