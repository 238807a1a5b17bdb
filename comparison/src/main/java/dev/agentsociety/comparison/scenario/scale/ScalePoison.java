package dev.agentsociety.comparison.scenario.scale;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bad input on the scale scenario's own topics, written among the warm-up's records by a plain producer: a tombstone,
 * an empty value, bytes that are not UTF-8, a JSON array, a foreign JSON object, an event for no customer, and half a
 * megabyte of text. Each must reach the topic's dead-letter topic with a reason while every valid record around it is
 * still taken (the run's note count). The broad set is the poison scenario's, on customer-signups.
 */
final class ScalePoison {

    /** The records written to each topic, by kind. */
    static Map<String, byte[]> records(String badEvent) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("tombstone", null);
        records.put("empty", new byte[0]);
        records.put("not UTF-8", new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00});
        records.put("JSON array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        records.put("foreign JSON", "{\"order\":42,\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8));
        records.put("no such customer", badEvent.getBytes(StandardCharsets.UTF_8));
        byte[] huge = new byte[512 * 1024];
        Arrays.fill(huge, (byte) 'x');
        huge[0] = '"';
        huge[huge.length - 1] = '"';
        records.put("512 KiB string", huge);
        return records;
    }

    /** The two topics' poison: customer-activity's and peer-notes', each event for a customer id that is none. */
    static Map<String, Map<String, byte[]>> forTopics(Topics topics) {
        return Map.of(topics.customerActivity(), records(
                        "{\"eventId\":\"p-1\",\"customerId\":\"bob\",\"occurredAt\":\"2026-12-04T00:00:00Z\",\"schemaVersion\":1}"),
                topics.peerNotes(), records("{\"eventId\":\"p-2\",\"customerId\":\"c-1\",\"fromCustomerId\":\"c-00001\","
                        + "\"activityId\":\"a\",\"occurredAt\":\"2026-12-04T00:00:00Z\",\"schemaVersion\":1}"));
    }

    /** Writes every topic's records, keyed by a customer so they land among the valid ones; waits for the acks. */
    static int send(KafkaStack kafka, Map<String, Map<String, byte[]>> poison) {
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000));
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, Map<String, byte[]>> topic : poison.entrySet()) {
                int key = 0;
                for (byte[] value : topic.getValue().values()) {
                    producer.send(new ProducerRecord<>(topic.getKey(), "c-0000" + key++ % 10, value));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }

    /**
     * The dead letters of each topic, read from the start until there are {@code expected} in all or {@code timeout}
     * has passed: per dead-letter topic, each record's reason ({@code dlq.reason}, "" where it has none).
     */
    static Map<String, List<String>> deadLetters(KafkaStack kafka, List<String> topics, int expected, Duration timeout) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scale-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2_000_000));
        Map<String, List<String>> reasons = new TreeMap<>();
        topics.forEach(topic -> reasons.put(Topics.deadLetter(topic), new ArrayList<>()));
        long deadline = System.nanoTime() + timeout.toNanos();
        Function<ConsumerRecord<String, byte[]>, String> reason = record -> {
            Header header = record.headers().lastHeader("dlq.reason");
            return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        };
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.copyOf(reasons.keySet()));
            while (reasons.values().stream().mapToInt(List::size).sum() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> reasons.get(record.topic()).add(reason.apply(record)));
            }
        }
        return reasons;
    }

    private ScalePoison() {
    }
}
