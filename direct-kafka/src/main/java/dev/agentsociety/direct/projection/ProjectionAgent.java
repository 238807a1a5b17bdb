package dev.agentsociety.direct.projection;

import dev.agentsociety.direct.kafka.KafkaClientSecurity;
import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.direct.eventledger.LedgerLog;
import dev.agentsociety.direct.kafka.AgentHttp;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.ledger.LedgerViews;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * projection-agent over raw Kafka: the ledger's read views ({@link LedgerViews}) built from {@code ledger-events}
 * alone. The views live in memory, so every start reads the topic from its beginning: the consumer is assigned
 * every partition and seeks to the start — no consumer group, nothing committed; a view rebuilt from scratch, or
 * one added later, is just this agent started. Served over plain HTTP on {@code SERVER_PORT}: {@code GET /balances},
 * {@code /daily-totals}, {@code /status}. The mirror of the Dapr {@code ProjectionSubscriber}, which has no seek and
 * gets the same from a consumer group new at each start.
 */
public final class ProjectionAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAgent.class);

    private final LedgerViews views = new LedgerViews();
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final HttpServer server;
    private final Thread thread;
    private volatile boolean running = true;

    public ProjectionAgent(String bootstrapServers, Topics topics, int port) {
        this.topic = topics.ledgerEvents();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaClientSecurity.addTo(config);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, LedgerViews.NAME);
        // only what the ledger's transactions committed: an aborted write is never in a view
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.server = AgentHttp.listen(LedgerViews.NAME, port);
        server.createContext("/balances", exchange -> AgentHttp.json(exchange, "GET", views::balances));
        server.createContext("/daily-totals", exchange -> AgentHttp.json(exchange, "GET", views::dailyTotals));
        server.createContext("/status", exchange -> AgentHttp.json(exchange, "GET", views::status));
        this.thread = new Thread(this::pollLoop, LedgerViews.NAME);
    }

    public ProjectionAgent start() {
        server.start();
        thread.start();
        return this;
    }

    private void pollLoop() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist: create it with ./topics apply");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions); // the views are memory: rebuilt from the first event at every start
            log.info("{} reads {} from the beginning", LedgerViews.NAME, partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        LedgerLog.event(record).ifPresentOrElse(views::feed, views::unreadable);
                    } catch (RuntimeException unreadable) {
                        views.unreadable();
                        log.warn("{} skipped {}-{}@{}: not a ledger event ({})", LedgerViews.NAME, record.topic(),
                                record.partition(), record.offset(), unreadable.getMessage());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll: leave the loop
        } catch (RuntimeException fatal) {
            // fatal for the views (no topic, no authorization): they stay as far as they got, and /status says how far
            log.error("{} stopped reading {}: {}", LedgerViews.NAME, topic, fatal.getMessage());
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        server.stop(0);
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(); // never started
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
