package dev.agentsociety.direct;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signup-reacting agent over raw Kafka (welcome-agent, account-agent, recommendation-agent): the mirror of the
 * Dapr variant's {@code @Topic} subscriber. The poll loop is in plain sight: poll, decode, let the domain decide,
 * publish the answer and wait for its acknowledgement, then commit — so a crash redelivers, never skips
 * (at-least-once, as Dapr's Kafka component).
 */
public final class SignupReactionAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignupReactionAgent.class);

    private final SignupReaction reaction;
    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaEventPublisher publisher;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private final Thread loop;
    private volatile boolean running = true;

    public SignupReactionAgent(String bootstrapServers, Topics topics, SignupReaction reaction) {
        this.reaction = reaction;
        this.topics = topics;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // the group is the agent's name, as the Dapr sidecar uses the app-id: one group per agent = fan-out
        config.put(ConsumerConfig.GROUP_ID_CONFIG, reaction.name());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, reaction.name());
        // a new group starts from the oldest record (Dapr component: initialOffset=oldest)
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // offsets are committed by the loop, after the answer is acknowledged (at-least-once)
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.publisher = new KafkaEventPublisher(bootstrapServers, reaction.name());
        this.loop = new Thread(this::pollLoop, reaction.name());
    }

    /** Starts the poll loop on a thread of its own. */
    public SignupReactionAgent start() {
        loop.start();
        return this;
    }

    public String name() {
        return reaction.name();
    }

    private void pollLoop() {
        String input = topics.customerSignups();
        try {
            consumer.subscribe(List.of(input), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // hand over cleanly: what was processed is committed before another member takes the partitions
                    commitProcessed();
                    log.info("{} gives up {}", reaction.name(), partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.info("{} now reads {}", reaction.name(), partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                    processed.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                commitProcessed();
            }
        } catch (WakeupException stopping) {
            // close() woke the poll: leave the loop
        } finally {
            commitProcessed();
            consumer.close();
            publisher.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        CustomerSignedUp signup = KafkaEventCodec.data(KafkaEventCodec.decode(record.value()), CustomerSignedUp.class);
        DomainEvent answer = reaction.onSignup(signup);
        log.info("{} got signup {} for customer {} ({}-{}@{})", reaction.name(), signup.eventId(), signup.customerId(),
                record.topic(), record.partition(), record.offset());
        publisher.publish(reaction.outputTopic(topics), answer);
    }

    private void commitProcessed() {
        if (!processed.isEmpty()) {
            consumer.commitSync(processed);
            processed.clear();
        }
    }

    /** Stops the loop and waits until it has committed and closed. */
    @Override
    public void close() {
        running = false;
        if (!loop.isAlive()) {
            if (loop.getState() == Thread.State.NEW) { // never started: close what the constructor opened
                consumer.close();
                publisher.close();
            }
            return;
        }
        consumer.wakeup();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
