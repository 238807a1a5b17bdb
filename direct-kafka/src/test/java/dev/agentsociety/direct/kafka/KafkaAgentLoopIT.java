package dev.agentsociety.direct.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void pipelinedItCommitsOnlyUpToTheFirstAnswerNotYetAcknowledged() throws Exception {
        String topic = "pipelined-" + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        List<CompletableFuture<Void>> answers = new CopyOnWriteArrayList<>();
        KafkaAgentLoop loop = KafkaAgentLoop.pipelined(kafka.bootstrapServers(), "pipelined-agent", "pipelined-agent",
                List.of(topic), event -> {
                    CompletableFuture<Void> answer = new CompletableFuture<>();
                    answers.add(answer);
                    return answer;
                }).start();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "it")) {
            for (int i = 0; i < 3; i++) {
                publisher.publish(topic, CustomerSignedUp.of("cust-1", "a" + i + "@example.com", "A"));
            }
            // all three taken at once, none acknowledged: the loop does not wait for one answer to take the next
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 3);

            answers.get(1).complete(null);
            answers.get(2).complete(null);
            // two more records, taken by two later rounds of the loop, each of which committed what it could
            for (int i = 3; i < 5; i++) {
                publisher.publish(topic, CustomerSignedUp.of("cust-1", "a" + i + "@example.com", "A"));
                int taken = i + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == taken);
            }
            assertThat(committed(topic, "pipelined-agent")).as("committed while record 0's answer is on its way").isZero();

            answers.get(0).complete(null);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed(topic, "pipelined-agent"))
                    .as("committed up to record 3, whose answer is on its way").isEqualTo(3));
            answers.get(3).complete(null);
            answers.get(4).complete(null);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(committed(topic, "pipelined-agent")).as("committed once every answer is acknowledged").isEqualTo(5));
        } finally {
            loop.close();
        }
    }

    @Test
    void anAnswerThatFailsStopsTheLoopDownBeforeItsOffset() throws Exception {
        String topic = "failing-" + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        KafkaAgentLoop loop = KafkaAgentLoop.pipelined(kafka.bootstrapServers(), "failing-agent", "failing-agent",
                List.of(topic), event -> CompletableFuture.failedFuture(new IllegalStateException("the broker said no"))).start();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrapServers(), "it")) {
            publisher.publish(topic, CustomerSignedUp.of("cust-1", "a@example.com", "A"));
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.downReason() != null);
            assertThat(loop.downReason()).startsWith("poll loop failed").contains("the broker said no");
            assertThat(AgentHealth.down()).containsKey("failing-agent");
            assertThat(committed(topic, "failing-agent")).as("the failed event is not committed").isZero();
        } finally {
            loop.close();
        }
        assertThat(AgentHealth.down()).as("a closed loop is no part of the health").doesNotContainKey("failing-agent");
    }

    private static long committed(String topic, String group) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(topic, 0));
        return offset == null ? 0 : offset.offset();
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
