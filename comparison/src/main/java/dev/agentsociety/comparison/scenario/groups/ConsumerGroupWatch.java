package dev.agentsociety.comparison.scenario.groups;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a consumer group from the broker's side, as {@code kafka-consumer-groups --describe} does, and logs
 * every change of its members' assignments — the rebalances. It sees both variants alike: a direct agent's
 * KafkaConsumer and a daprd's sarama client are members of the same kind. (Dapr shows a rebalance to nobody else:
 * the app gets no callback and daprd logs none.)
 */
public final class ConsumerGroupWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupWatch.class);

    /** One state of the group: each member (client id / member id) with the partitions it holds. */
    public record Assignment(Instant at, Map<String, Set<Integer>> partitionsByMember) {
        public int members() {
            return partitionsByMember.size();
        }

        public int partitions() {
            return partitionsByMember.values().stream().mapToInt(Set::size).sum();
        }
    }

    private final Admin admin;
    private final String group;
    private final String topic;
    private final List<Assignment> changes = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "group-watch"));

    public ConsumerGroupWatch(String bootstrapServers, String group, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.group = group;
        this.topic = topic;
    }

    public ConsumerGroupWatch start() {
        poller.scheduleWithFixedDelay(this::look, 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    private void look() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(5, TimeUnit.SECONDS).get(group);
            if (description.groupState() == GroupState.PREPARING_REBALANCE
                    || description.groupState() == GroupState.COMPLETING_REBALANCE) {
                return; // between two assignments
            }
            Map<String, Set<Integer>> byMember = new TreeMap<>();
            for (MemberDescription member : description.members()) {
                Set<Integer> partitions = new TreeSet<>();
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        partitions.add(partition.partition());
                    }
                }
                byMember.put(member.clientId() + "/" + member.consumerId().substring(Math.max(0, member.consumerId().length() - 8)), partitions);
            }
            synchronized (changes) {
                if (changes.isEmpty() || !changes.get(changes.size() - 1).partitionsByMember().equals(byMember)) {
                    changes.add(new Assignment(Instant.now(), byMember));
                    log.info("group {} rebalanced: {} member(s) {}", group, byMember.size(), byMember);
                }
            }
        } catch (Exception e) {
            log.debug("describing group {}: {}", group, e.toString());
        }
    }

    /** Every assignment the group had while watched, oldest first. */
    public List<Assignment> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** The latest assignment, or null before the group exists. */
    public Assignment current() {
        synchronized (changes) {
            return changes.isEmpty() ? null : changes.get(changes.size() - 1);
        }
    }

    /** True when {@code members} members hold all {@code partitions} partitions between them. */
    public boolean settledOn(int members, int partitions) {
        Assignment now = current();
        return now != null && now.members() == members && now.partitions() == partitions
                && now.partitionsByMember().values().stream().noneMatch(Set::isEmpty);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
