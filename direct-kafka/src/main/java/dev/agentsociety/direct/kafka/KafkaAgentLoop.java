package dev.agentsociety.direct.kafka;

import dev.agentsociety.domain.events.MalformedEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop every direct-kafka agent runs, in plain sight: poll, hand each event to the agent, and commit
 * only what the agent has finished — so a crash redelivers, never skips (at-least-once, as Dapr's Kafka
 * component). The consumer group is the agent's name, as a Dapr sidecar's is its app-id.
 *
 * <p>Offsets go to the broker asynchronously after each poll, and synchronously when partitions are revoked and
 * at close. A synchronous commit after every poll held the next poll back: at 1,000 events/s it made the
 * end-to-end p50 10.4 ms instead of 2.1 ms ({@code ./benchmark}). daprd's Kafka component (sarama) marks each
 * message after the app answers and commits every second.
 *
 * <p>A record the agent cannot take — anything the interop policy ({@code Envelope}) or the domain's
 * {@code EventReader} refuses: a tombstone, bytes that are not JSON, an unknown type, a missing field, a newer
 * schema — is counted, logged with topic/partition/offset and copied unchanged to {@code <topic>-dlq} with the reason
 * in the {@code dlq.reason} header; the loop goes on with the next record. Any other failure stops the loop before
 * the offset is committed, so the event is delivered again on restart — and stops loudly: the loop's health turns
 * DOWN and {@link AgentHealth} is told, which ends a {@code DirectAgentMain} process with a non-zero status.
 */
public final class KafkaAgentLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaAgentLoop.class);

    private final String agent;
    private final String instance;
    private final List<String> topics;
    private final Function<ReceivedEvent, CompletionStage<?>> handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    /** Per partition, in offset order, the records whose answers are not yet acknowledged. */
    private final Map<TopicPartition, ArrayDeque<InFlight>> inFlight = new HashMap<>();
    private int inFlightCount;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final AtomicLong deadLettered = new AtomicLong();
    private final Thread thread;
    private boolean uncommitted;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** A record taken whose answer is on its way: done when {@code answered} completes. */
    private record InFlight(long offset, CompletableFuture<?> answered) {
    }

    /** How many answers may be on their way at once before the loop waits for the oldest (back-pressure). */
    static final int MAX_IN_FLIGHT = 10_000;

    public KafkaAgentLoop(String bootstrapServers, String agent, List<String> topics, Consumer<ReceivedEvent> handler) {
        this(bootstrapServers, agent, agent, topics, handler);
    }

    /** @param instance names this member of the agent's group (client.id, logs) when several instances run */
    public KafkaAgentLoop(String bootstrapServers, String agent, String instance, List<String> topics,
            Consumer<ReceivedEvent> handler) {
        this(bootstrapServers, agent, instance, topics, synchronous(handler));
    }

    /** A handler that is done when it returns. */
    private static Function<ReceivedEvent, CompletionStage<?>> synchronous(Consumer<ReceivedEvent> handler) {
        return event -> {
            handler.accept(event);
            return DONE;
        };
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * A pipelined loop: the handler starts the event's answer (say, an asynchronous send) and returns a stage that
     * completes when the answer is acknowledged; the loop goes on with the next record at once. A partition's offset
     * is committed only up to the first record whose answer is not yet acknowledged, so a crash redelivers what was
     * not answered and skips nothing; answers go out in record order (one producer, idempotent: per-key order holds).
     * At most {@link #MAX_IN_FLIGHT} answers are on their way; a stage that fails stops the loop before its offset.
     */
    public static KafkaAgentLoop pipelined(String bootstrapServers, String agent, String instance, List<String> topics,
            Function<ReceivedEvent, CompletionStage<?>> handler) {
        return new KafkaAgentLoop(bootstrapServers, agent, instance, topics, handler);
    }

    private KafkaAgentLoop(String bootstrapServers, String agent, String instance, List<String> topics,
            Function<ReceivedEvent, CompletionStage<?>> handler) {
        this.agent = agent;
        this.instance = instance;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(config);
        // one group per agent: every agent gets every event (fan-out); instances of one agent share the work
        config.put(ConsumerConfig.GROUP_ID_CONFIG, agent);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, instance);
        // a new group starts from the oldest record (Dapr component: initialOffset=oldest)
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // offsets are committed by the loop, after the handler is done (at-least-once)
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(producerConfig);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, instance + "-dlq");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all"); // a dead letter is only as good as its durability
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.deadLetters = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::pollLoop, instance);
    }

    /** Starts the loop on a thread of its own; its health is part of the agent's ({@link AgentHealth}). */
    public KafkaAgentLoop start() {
        AgentHealth.register(instance, this::downReason);
        thread.start();
        return this;
    }

    private void pollLoop() {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // hand over cleanly: the answers on their way are awaited and what was processed is committed
                    // before another member takes the partitions
                    awaitInFlight(partitions);
                    commitProcessed();
                    processed.keySet().removeAll(partitions);
                    log.info("{} gives up {} (offsets committed)", instance, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // the group moved on without us (session timed out): another member owns these now, and a commit
                    // would be refused — forget them; what was not committed is redelivered to the new owner
                    processed.keySet().removeAll(partitions);
                    partitions.forEach(partition -> inFlightCount -= inFlight.getOrDefault(partition, new ArrayDeque<>()).size());
                    inFlight.keySet().removeAll(partitions);
                    log.warn("{} lost {} without handing over (uncommitted events go to their new owner again)", instance, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.info("{} now reads {}", instance, partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    CompletableFuture<?> answered;
                    try {
                        answered = handler.apply(new ReceivedEvent(record.topic(), record.partition(), record.offset(),
                                record.key(), Instant.ofEpochMilli(record.timestamp()), KafkaEventCodec.open(record)))
                                .toCompletableFuture();
                    } catch (MalformedEventException malformed) {
                        deadLetter(record, malformed.getMessage());
                        answered = DONE;
                    }
                    ArrayDeque<InFlight> waiting = inFlight.computeIfAbsent(partition, p -> new ArrayDeque<>());
                    if (waiting.isEmpty() && answered.isDone() && !answered.isCompletedExceptionally()) {
                        processed.put(partition, new OffsetAndMetadata(record.offset() + 1)); // nothing ahead of it
                        uncommitted = true;
                    } else {
                        waiting.add(new InFlight(record.offset(), answered));
                        inFlightCount++;
                        if (inFlightCount >= MAX_IN_FLIGHT) {
                            waiting.peek().answered().join(); // back-pressure: the oldest of this partition first
                        }
                    }
                }
                advance();
                if (uncommitted) {
                    // not waited for: a commit that fails or is lost only means those events come again
                    consumer.commitAsync(new HashMap<>(processed), (offsets, failure) -> {
                        // a retriable failure (coordinator busy or moving) is made good by the next commit
                        if (failure != null && !(failure instanceof RetriableException)) {
                            log.warn("{} could not commit {}: {} (redelivered after a restart)", instance, offsets, failure.getMessage());
                        }
                    });
                    uncommitted = false;
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll: leave the loop
        } catch (RuntimeException | Error fatal) {
            // not an input we cannot read (those are dead-lettered): the broker, our own producer or a bug. The offset
            // of the event at hand is not committed, so it comes again after a restart; the agent says it is DOWN.
            failure = fatal;
            log.error("{} stopped: its poll loop failed ({})", instance, fatal.toString(), fatal);
        } finally {
            try {
                if (failure == null) {
                    awaitInFlight(List.copyOf(inFlight.keySet()));
                }
                commitProcessed();
            } catch (WakeupException pending) {
                // close() woke the consumer while it was not polling: that wakeup is spent now, commit again
                commitProcessed();
            } finally {
                consumer.close(); // whatever the commit did: an unclosed consumer keeps heartbeating in its group
                deadLetters.close();
                if (failure != null) {
                    AgentHealth.failed(instance, "poll loop failed: " + failure + KafkaClientSecurity.hint(failure));
                }
            }
        }
    }

    /**
     * Moves each partition's committable offset past the answers acknowledged in order; an answer that failed stops
     * the loop (its record and those after it are not committed, so they come again after a restart).
     */
    private void advance() {
        for (Map.Entry<TopicPartition, ArrayDeque<InFlight>> partition : inFlight.entrySet()) {
            ArrayDeque<InFlight> waiting = partition.getValue();
            while (!waiting.isEmpty() && waiting.peek().answered().isDone()) {
                InFlight done = waiting.poll();
                inFlightCount--;
                done.answered().join(); // throws the answer's failure: fatal for the loop
                processed.put(partition.getKey(), new OffsetAndMetadata(done.offset() + 1));
                uncommitted = true;
            }
        }
    }

    /** Waits for every answer on its way for these partitions, then advances their offsets. */
    private void awaitInFlight(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> inFlight.getOrDefault(partition, new ArrayDeque<>())
                .forEach(waiting -> waiting.answered().exceptionally(failure -> null).join()));
        advance();
    }

    /** Why this loop is not serving, or null while it is: the loop's part of the agent's health. */
    public String downReason() {
        if (failure != null) {
            return "poll loop failed: " + failure;
        }
        return running && !thread.isAlive() ? "poll loop is not running" : null;
    }

    /** How many events this loop sent to a dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> letter = KafkaEventCodec.deadLetter(record, reason, agent);
        String topic = letter.topic();
        try {
            deadLetters.send(letter).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + record.topic() + "@" + record.offset(), e);
        } catch (ExecutionException e) {
            // not committed: the event comes again after a restart rather than being lost
            throw new IllegalStateException("cannot dead-letter to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
        deadLettered.incrementAndGet();
        log.warn("{} dead-lettered {}-{}@{} to {}: {}", agent, record.topic(), record.partition(), record.offset(), topic, reason);
    }

    /** Waits for the commit of everything processed (after any asynchronous commit still under way). */
    private void commitProcessed() {
        if (!processed.isEmpty()) {
            consumer.commitSync(processed);
        }
    }

    /** Stops the loop and waits until it has committed and closed. */
    @Override
    public void close() {
        running = false;
        AgentHealth.unregister(instance);
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(); // never started
            deadLetters.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
