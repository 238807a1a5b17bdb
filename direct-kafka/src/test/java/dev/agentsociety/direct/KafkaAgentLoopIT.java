package dev.agentsociety.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The poll loop against a real broker: what it commits, and that closing it leaves its group. */
class KafkaAgentLoopIT {

    private static KafkaStack kafka;
    private static Admin admin;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaStack.select(1).start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        admin.close();
        kafka.close();
    }

    @Test
    void closedWhileTheAgentIsBusyItCommitsWhatWasHandledAndLeavesTheGroup() throws Exception {
        String topic = "loop-" + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KafkaAgentLoop loop = new KafkaAgentLoop(kafka.bootstrapServers(), "busy-agent", List.of(topic), event -> {
            handling.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "it")) {
            publisher.publish(topic, CustomerSignedUp.of("cust-1", "a@example.com", "A"));
        }
        handling.await();

        // close() wakes the consumer while the agent is in its handler, not in poll(): the wakeup is still pending
        // when the loop commits on its way out
        CompletableFuture<Void> closing = CompletableFuture.runAsync(loop::close);
        release.countDown();
        closing.get();

        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("busy-agent")
                .partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(new TopicPartition(topic, 0)).offset()).as("the handled event is committed").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.describeConsumerGroups(List.of("busy-agent"))
                .all().get().get("busy-agent").members()).as("no member left behind heartbeating").isEmpty());
    }
}
