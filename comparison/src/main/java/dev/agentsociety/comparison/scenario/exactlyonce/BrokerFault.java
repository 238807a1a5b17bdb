package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.kafka.KafkaReadiness;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What is done to the three brokers while payments flow. Each fault ends with the cluster whole again: every node
 * running and every partition of the run's topics with its full ISR, so that the next fault starts from a healthy
 * cluster. "While" a node is away is measured in payments handed to the publisher, not in seconds: the fault lasts
 * as long as the load it has to survive.
 */
enum BrokerFault implements TransportFault {
    /** SIGKILL to the leader of the busiest payments partition; restarted once the stream has gone on without it. */
    LEADER_KILL("SIGKILL to the leader of the busiest partition, then restarted"),
    /** SIGSTOP to that leader until the controller fences it (past broker.session.timeout.ms, 9 s), then SIGCONT. */
    BROKER_STALL("SIGSTOP to the leader of the busiest partition past the session timeout, then SIGCONT"),
    /** Each broker in turn shut down (SIGTERM) and started again, the next only once every ISR is full. */
    ROLLING_RESTART("rolling restart of the three brokers, each back in every ISR before the next"),
    /**
     * SIGKILL to the two brokers that are not the busiest partition's leader: every partition below
     * min.insync.replicas (and, the nodes being controllers too, the KRaft quorum lost). Producers must fail or wait.
     */
    MIN_ISR_LOST("two of three brokers killed (below min.insync.replicas), then both restarted"),
    /** SIGKILL to the active KRaft controller (the metadata quorum's leader), then restarted. */
    CONTROLLER_KILL("SIGKILL to the active KRaft controller, then restarted"),
    /**
     * The contrast: payments topic at min.insync.replicas 1 with unclean leader election, the followers stalled
     * (SIGSTOP), the leader SIGKILLed while they are, then the followers woken — direct publishes with acks=1, Dapr with
     * its component's only setting (sarama's WaitForAll, no knob lowers it).
     */
    WEAK_SETTINGS_LEADER_KILL("weak settings (acks=1 direct; min.insync.replicas 1, unclean election): followers stalled, leader killed");

    private static final Duration RECOVERY = Duration.ofMinutes(3);

    private final String description;

    BrokerFault(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean contrast() {
        return this == WEAK_SETTINGS_LEADER_KILL;
    }

    /** Lands the fault on the cluster; returns once every node runs again and every ISR of the run's topics is full. */
    @Override
    public void inject(Context context) throws Exception {
        // each request gives up in seconds and is asked again: one sent to a stalled broker would wait out 60 s
        try (Admin admin = KafkaReadiness.impatientAdmin(context.cluster().bootstrapServers())) {
            inject(context.cluster(), admin, context.paymentsTopic(), context.topics(), context.load(), context.duringPayments());
        }
    }

    private void inject(EmbeddedKafkaCluster cluster, Admin admin, String paymentsTopic, Set<String> topics, Load load,
            int duringPayments) throws Exception {
        int leader = busiestLeader(admin, paymentsTopic);
        switch (this) {
            case LEADER_KILL -> {
                cluster.kill(leader);
                load.awaitMoreSent(duringPayments);
                cluster.restart(leader);
            }
            case BROKER_STALL -> {
                cluster.signal(leader, "STOP");
                try {
                    // fenced: the controller no longer counts it among the live brokers
                    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(() -> !liveBrokers(admin).contains(leader));
                    load.awaitMoreSent(duringPayments);
                } finally {
                    cluster.signal(leader, "CONT");
                }
                await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> liveBrokers(admin).contains(leader));
            }
            case ROLLING_RESTART -> {
                for (int id = 1; id <= cluster.brokers(); id++) {
                    cluster.shutdown(id);
                    cluster.restart(id);
                    awaitFullIsr(admin, topics);
                    load.awaitMoreSent(duringPayments / cluster.brokers());
                }
            }
            case MIN_ISR_LOST -> {
                List<Integer> others = IntStream.rangeClosed(1, cluster.brokers()).filter(id -> id != leader).boxed().toList();
                others.forEach(cluster::kill);
                load.belowMinIsr(true);
                load.awaitMoreSent(duringPayments);
                load.belowMinIsr(false);
                others.forEach(cluster::restart);
            }
            case CONTROLLER_KILL -> {
                int controller = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
                cluster.kill(controller);
                load.awaitMoreSent(duringPayments);
                cluster.restart(controller);
            }
            case WEAK_SETTINGS_LEADER_KILL -> {
                List<Integer> followers = IntStream.rangeClosed(1, cluster.brokers()).filter(id -> id != leader).boxed().toList();
                followers.forEach(id -> cluster.signal(id, "STOP"));
                try {
                    load.awaitMoreSent(duringPayments);
                    cluster.kill(leader);
                } finally {
                    followers.forEach(id -> cluster.signal(id, "CONT"));
                }
                cluster.restart(leader);
            }
            default -> throw new IllegalArgumentException(toString());
        }
        awaitFullIsr(admin, topics);
    }

    /** The leader of the payments partition with the most records: where a fault hurts the most writes. */
    static int busiestLeader(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        TopicPartitionInfo busiest = description.partitions().stream()
                .max(Comparator.comparingLong(p -> ends.get(new TopicPartition(topic, p.partition()))))
                .orElseThrow();
        return busiest.leader().id();
    }

    private static Set<Integer> liveBrokers(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
    }

    /** Every partition of the topics has all its replicas in sync again. */
    static void awaitFullIsr(Admin admin, Set<String> topics) {
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.isr().size() == p.replicas().size()));
    }
}
