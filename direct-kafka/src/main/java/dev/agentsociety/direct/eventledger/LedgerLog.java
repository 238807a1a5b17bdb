package dev.agentsociety.direct.eventledger;

import dev.agentsociety.direct.kafka.KafkaClientSecurity;
import dev.agentsociety.direct.kafka.KafkaEventCodec;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.EventTypes;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.events.Envelope;
import dev.agentsociety.domain.events.MalformedEventException;
import dev.agentsociety.domain.ledger.LedgerCommand;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.PaymentRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading the ledger's topics as a log: partitions from their beginning to their end as of now, committed records
 * only ({@code read_committed}), without a consumer group — how the ledger rebuilds its accounts, and how the
 * queries ({@link LedgerQuery}) answer.
 */
public final class LedgerLog {

    private final String bootstrapServers;

    public LedgerLog(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every committed record of the partitions, each partition in order. */
    public void readToEnd(List<TopicPartition> partitions, Consumer<ConsumerRecord<String, byte[]>> each) {
        read(partitions, reader -> reader.seekToBeginning(partitions), each);
    }

    /** Every committed record from the given offsets on (a partition's beginning if its offset is below it), in order. */
    public void readFrom(Map<TopicPartition, Long> offsets, Consumer<ConsumerRecord<String, byte[]>> each) {
        List<TopicPartition> partitions = List.copyOf(offsets.keySet());
        read(partitions, reader -> {
            Map<TopicPartition, Long> beginning = reader.beginningOffsets(partitions);
            offsets.forEach((tp, offset) -> reader.seek(tp, Math.max(offset, beginning.get(tp))));
        }, each);
    }

    /**
     * The newest committed record of each partition (none for an empty one), found by reading back from the ends in
     * growing steps: a compacted topic's newest values without reading what compaction has not yet removed.
     */
    public Map<TopicPartition, ConsumerRecord<String, byte[]>> readLast(List<TopicPartition> partitions) {
        Map<TopicPartition, ConsumerRecord<String, byte[]>> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(partitions);
            Map<TopicPartition, Long> beginning = reader.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            List<TopicPartition> open = new ArrayList<>(partitions);
            for (long step = 16; !open.isEmpty(); step *= 4) {
                Map<TopicPartition, Long> from = new HashMap<>();
                for (TopicPartition tp : open) {
                    from.put(tp, Math.max(beginning.get(tp), end.get(tp) - step));
                    reader.seek(tp, from.get(tp));
                }
                while (open.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                    reader.poll(Duration.ofMillis(200)).forEach(record -> last.put(
                            new TopicPartition(record.topic(), record.partition()), record));
                }
                // done with a partition once its newest record is found, or its whole log was read
                open.removeIf(tp -> last.containsKey(tp) || from.get(tp).equals(beginning.get(tp)));
            }
        }
        return last;
    }

    private void read(List<TopicPartition> partitions, Consumer<KafkaConsumer<String, byte[]>> position,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(partitions);
            position.accept(reader);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                reader.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    private Properties readerConfig() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(config);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /**
     * Where each partition of a topic stands at a time: the first offset whose record was written at or after it
     * ({@code offsetsForTimes}), or the partition's end when none was.
     */
    public Map<TopicPartition, Long> offsetsAt(String topic, Instant time) {
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetAndTimestamp> found = reader.offsetsForTimes(
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> time.toEpochMilli())));
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            partitions.forEach(tp -> offsets.put(tp, found.get(tp) != null ? found.get(tp).offset() : end.get(tp)));
            return offsets;
        }
    }

    /** Every partition of a topic. */
    public List<TopicPartition> partitions(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(config);
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            return reader.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }
    }

    /** The ledger event a record holds; empty for anything else on the topic. */
    public static Optional<LedgerEvent> event(ConsumerRecord<String, byte[]> record) {
        Envelope envelope = KafkaEventCodec.open(record);
        return EventTypes.classOf(envelope.type()).filter(LedgerEvent.class::isAssignableFrom)
                .map(type -> (LedgerEvent) EventJson.fromBytes(envelope.data(), type));
    }

    /**
     * The ledger command a record holds (a payment or a deposit), judged by the domain's {@code EventReader} as every
     * agent's input is.
     *
     * @throws MalformedEventException naming why
     */
    public static LedgerCommand command(ConsumerRecord<String, byte[]> record) {
        Envelope envelope = KafkaEventCodec.open(record);
        if (EventTypes.classOf(envelope.type()).orElse(null) == DepositRequested.class) {
            DepositRequested deposit = envelope.read(DepositRequested.class, DepositRequested.SCHEMA_VERSION);
            return new LedgerCommand.Deposit(deposit.eventId(), deposit.accountId(), deposit.amountCents());
        }
        return envelope.read(PaymentRequested.class, PaymentRequested.SCHEMA_VERSION).command();
    }

    /** An account's events as the log holds them, in order. */
    public List<LedgerEvent> events(String eventsTopic, String accountId) {
        List<LedgerEvent> events = new ArrayList<>();
        readToEnd(partitions(eventsTopic), record -> event(record).filter(e -> e.accountId().equals(accountId))
                .ifPresent(events::add));
        return events;
    }

    /** What each command on the command topics asked, by command id: the "why" in an account's history. */
    public Map<String, String> commands(Topics topics) {
        Map<String, String> asked = new HashMap<>();
        List<TopicPartition> partitions = new ArrayList<>(partitions(topics.ledgerCommands()));
        partitions.addAll(partitions(topics.paymentRequested()));
        readToEnd(partitions, record -> {
            try {
                LedgerCommand command = command(record);
                asked.putIfAbsent(command.commandId(), command.describe());
            } catch (RuntimeException unreadable) {
                // dead-lettered by the ledger: it answered nothing, so it explains nothing
            }
        });
        return asked;
    }
}
