package dev.agentsociety.direct.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the CloudEvents on a topic with a plain {@link KafkaConsumer}, from the oldest record on: how a raw-Kafka
 * agent (or a test) sees what either variant published.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    public TopicReader(String bootstrapServers, String groupId, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(config);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // a new group starts from the oldest record, so nothing published before it joined is missed
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // committed only by the caller, after it has handled what it read
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
    }

    /** One poll: the events that arrived within {@code timeout}, opened by the interop policy (a record it refuses throws). */
    public List<ReceivedEvent> poll(Duration timeout) {
        List<ReceivedEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            events.add(new ReceivedEvent(record.topic(), record.partition(), record.offset(), record.key(),
                        Instant.ofEpochMilli(record.timestamp()),
                    KafkaEventCodec.open(record)));
        }
        return events;
    }

    /**
     * Reads on until this reader has passed the end each of its partitions has now: everything written before the
     * call, whatever polls it takes (an answer that comes late is read if it was written by then).
     */
    public List<ReceivedEvent> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        List<ReceivedEvent> events = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (end.entrySet().stream().anyMatch(partition -> consumer.position(partition.getKey()) < partition.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not at the end of " + end + " within " + timeout);
            }
            events.addAll(poll(Duration.ofMillis(100)));
        }
        return events;
    }

    public void commit() {
        consumer.commitSync();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
