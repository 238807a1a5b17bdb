package dev.agentsociety.direct.kafka;

import dev.agentsociety.domain.events.DomainEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a domain event to Kafka with a plain {@link KafkaProducer}: the mirror of the Dapr variant's
 * {@code DaprEventPublisher}. The settings are the ones the Dapr Kafka component uses, spelled out.
 */
public final class KafkaEventPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaEventCodec codec;

    public KafkaEventPublisher(String bootstrapServers, String agentName) {
        this(bootstrapServers, agentName, Map.of());
    }

    /**
     * @param overrides producer settings over these, e.g. {@code acks=1} without idempotence for a fault scenario's
     *                  contrast: what a weaker setting loses
     */
    public KafkaEventPublisher(String bootstrapServers, String agentName, Map<String, Object> overrides) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(config);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, agentName);
        // a write counts once every in-sync replica has it (Dapr's component: RequiredAcks = WaitForAll)
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // retries cannot duplicate or reorder a partition's records
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // no linger: publish() waits for each acknowledgement, and send() batches what queues up behind a request in flight
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a topic missing from the cluster (the brokers create none on demand) fails the publish in 10 s, not 60
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putAll(overrides);
        this.producer = new KafkaProducer<>(config);
        this.codec = new KafkaEventCodec(agentName);
    }

    /** Blocks until the broker acknowledges the write; returns where it landed. */
    public RecordMetadata publish(String topic, DomainEvent event) {
        ProducerRecord<String, byte[]> record = record(topic, event);
        try {
            RecordMetadata written = producer.send(record).get();
            log.info("published {} {} to {}-{}@{} (key {})", event.getClass().getSimpleName(), event.eventId(),
                    written.topic(), written.partition(), written.offset(), event.key());
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.eventId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing " + event.eventId() + " to " + topic + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Hands the event to the producer and returns at once; the future completes with the broker's acknowledgement.
     * While acknowledgements are outstanding the producer batches what follows (up to five requests in flight per
     * broker, still in order with idempotence): the throughput path, where {@link #publish} is the one-at-a-time one.
     */
    public CompletableFuture<RecordMetadata> send(String topic, DomainEvent event) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        producer.send(record(topic, event), (written, failure) -> {
            if (failure != null) {
                acknowledged.completeExceptionally(failure);
            } else {
                acknowledged.complete(written);
            }
        });
        return acknowledged;
    }

    private ProducerRecord<String, byte[]> record(String topic, DomainEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.key(), codec.encode(event));
        record.headers().add(KafkaEventCodec.CONTENT_TYPE_HEADER,
                KafkaEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public void close() {
        producer.close();
    }
}
