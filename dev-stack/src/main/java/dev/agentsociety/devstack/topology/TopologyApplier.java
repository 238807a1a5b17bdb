package dev.agentsociety.devstack.topology;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.kafka.KafkaReadiness;
import dev.agentsociety.devstack.Repo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;

/**
 * Holds a live cluster to a {@link Topology} with the {@link Admin} client: {@link #apply} creates missing topics,
 * adds partitions and sets configs, idempotently; {@link #verify} reports every difference without changing
 * anything. What Kafka cannot change in place (fewer partitions, another replication factor) stays drift.
 */
public final class TopologyApplier {

    /** One difference between the specification and the cluster. */
    public record Drift(String topic, String what, String expected, String actual) {
        @Override
        public String toString() {
            return topic + ": " + what + " is " + actual + ", the specification says " + expected;
        }
    }

    /**
     * What {@link #apply} changed. {@code authorizer} is false for a cluster without one (plaintext, every client
     * allowed): no ACLs are applied there.
     */
    public record Changes(List<String> created, List<String> partitionsAdded, List<String> configsSet,
            List<String> aclsCreated, List<String> aclsDeleted, boolean authorizer) {
        public boolean none() {
            return created.isEmpty() && partitionsAdded.isEmpty() && configsSet.isEmpty() && aclsCreated.isEmpty()
                    && aclsDeleted.isEmpty();
        }
    }

    private final Admin admin;

    public TopologyApplier(Admin admin) {
        this.admin = admin;
    }

    /**
     * Creates the topics of {@code topology/topics.yaml} under {@code prefix} on a cluster, fitted to its size:
     * how tests and ./demo get the topics both variants run on.
     */
    public static Topology ensureSpec(String bootstrapServers, String prefix, int brokers) {
        return ensureSpec(Map.of("bootstrap.servers", bootstrapServers), prefix, brokers);
    }

    /** The same, with an admin client of these settings ({@code KafkaStack.adminConfig()}: a secured cluster's too). */
    public static Topology ensureSpec(Map<String, Object> adminConfig, String prefix, int brokers) {
        Topology topology = Topology.load(Repo.root().resolve("topology/topics.yaml"), prefix).fitTo(brokers, new ArrayList<>());
        try (Admin admin = Admin.create(adminConfig)) {
            new TopologyApplier(admin).apply(topology);
        }
        return topology;
    }

    /** How many brokers the cluster has. */
    public int brokers() {
        return call(() -> admin.describeCluster().nodes().get().size());
    }

    public Changes apply(Topology topology) {
        int brokers = brokers();
        List<String> impossible = topology.topics().stream()
                .filter(t -> t.replicationFactor() > brokers)
                .map(TopicSpec::name).toList();
        if (!impossible.isEmpty()) {
            throw new DevStackException("the topology asks replication factor "
                    + topology.topic(impossible.get(0)).replicationFactor() + " for " + impossible.size()
                    + " topic(s) (" + impossible.get(0) + ", ...) but the cluster has " + brokers + " broker(s): "
                    + "run against a cluster of at least that many brokers, or fit the topology to this one "
                    + "(--fit-to-cluster) and accept weaker durability");
        }
        Map<String, TopicDescription> live = describe(topology);
        List<String> created = new ArrayList<>();
        List<String> partitionsAdded = new ArrayList<>();
        List<NewTopic> toCreate = new ArrayList<>();
        Map<String, NewPartitions> toGrow = new HashMap<>();
        for (TopicSpec topic : topology.topics()) {
            TopicDescription existing = live.get(topic.name());
            if (existing == null) {
                toCreate.add(new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor()).configs(topic.config()));
                created.add(topic.name());
            } else if (existing.partitions().size() < topic.partitions()) {
                toGrow.put(topic.name(), NewPartitions.increaseTo(topic.partitions()));
                partitionsAdded.add(topic.name());
            }
        }
        if (!toCreate.isEmpty()) {
            call(() -> admin.createTopics(toCreate).all().get());
        }
        if (!toGrow.isEmpty()) {
            call(() -> admin.createPartitions(toGrow).all().get());
        }
        List<String> changed = new ArrayList<>(created);
        changed.addAll(partitionsAdded);
        KafkaReadiness.awaitPartitionsServed(admin, changed);
        Map<ConfigResource, Collection<AlterConfigOp>> toSet = new HashMap<>();
        List<String> configsSet = new ArrayList<>();
        Map<String, Config> configs = configs(topology);
        for (TopicSpec topic : topology.topics()) {
            if (created.contains(topic.name())) {
                continue;
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            topic.config().forEach((key, value) -> {
                ConfigEntry entry = configs.get(topic.name()).get(key);
                if (entry == null || !value.equals(entry.value())) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                    configsSet.add(topic.name() + " " + key + "=" + value);
                }
            });
            if (!ops.isEmpty()) {
                toSet.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), ops);
            }
        }
        if (!toSet.isEmpty()) {
            call(() -> admin.incrementalAlterConfigs(toSet).all().get());
        }
        List<String> aclsCreated = new ArrayList<>();
        List<String> aclsDeleted = new ArrayList<>();
        Optional<Set<AclBinding>> granted = liveAcls(topology);
        granted.ifPresent(acls -> {
            Set<AclBinding> wanted = TopologyAcls.of(topology);
            List<AclBinding> missing = wanted.stream().filter(acl -> !acls.contains(acl)).toList();
            List<AclBindingFilter> extra = acls.stream().filter(acl -> !wanted.contains(acl)).map(AclBinding::toFilter).toList();
            if (!missing.isEmpty()) {
                call(() -> admin.createAcls(missing).all().get());
                missing.forEach(acl -> aclsCreated.add(describe(acl)));
            }
            if (!extra.isEmpty()) {
                call(() -> admin.deleteAcls(extra).all().get()).forEach(acl -> aclsDeleted.add(describe(acl)));
            }
        });
        return new Changes(created, partitionsAdded, configsSet, aclsCreated, aclsDeleted, granted.isPresent());
    }

    /**
     * The ACLs the cluster holds for the topology's principals, or nothing when it has no authorizer. Principals
     * outside the topology (an operator's, the brokers') are neither read nor touched.
     */
    private Optional<Set<AclBinding>> liveAcls(Topology topology) {
        Set<String> owned = Set.copyOf(TopologyAcls.principals(topology));
        try {
            return Optional.of(admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                    .filter(acl -> owned.contains(acl.entry().principal()))
                    .collect(Collectors.toCollection(LinkedHashSet::new)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                return Optional.empty();
            }
            throw new DevStackException("the Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while talking to Kafka", e);
        }
    }

    /** An ACL in a line: {@code User:welcome-agent WRITE topic welcome-emails}, a prefix ending in {@code *}. */
    public static String describe(AclBinding acl) {
        return acl.entry().principal() + " " + acl.entry().permissionType() + " " + acl.entry().operation() + " "
                + acl.pattern().resourceType().name().toLowerCase() + " " + acl.pattern().name()
                + (acl.pattern().patternType() == PatternType.PREFIXED ? "*" : "");
    }

    public List<Drift> verify(Topology topology) {
        Map<String, TopicDescription> live = describe(topology);
        Map<String, Config> configs = configs(topology);
        List<Drift> drift = new ArrayList<>();
        for (TopicSpec topic : topology.topics()) {
            TopicDescription existing = live.get(topic.name());
            if (existing == null) {
                drift.add(new Drift(topic.name(), "existence", "a topic", "missing"));
                continue;
            }
            if (existing.partitions().size() != topic.partitions()) {
                drift.add(new Drift(topic.name(), "partitions", Integer.toString(topic.partitions()),
                        Integer.toString(existing.partitions().size())));
            }
            int replication = existing.partitions().get(0).replicas().size();
            if (replication != topic.replicationFactor()) {
                drift.add(new Drift(topic.name(), "replication factor", Short.toString(topic.replicationFactor()),
                        Integer.toString(replication)));
            }
            topic.config().forEach((key, value) -> {
                ConfigEntry entry = configs.get(topic.name()).get(key);
                String actual = entry == null ? "unset" : entry.value();
                if (!value.equals(actual)) {
                    drift.add(new Drift(topic.name(), key, value, actual));
                }
            });
        }
        liveAcls(topology).ifPresent(acls -> {
            Set<AclBinding> wanted = TopologyAcls.of(topology);
            wanted.stream().filter(acl -> !acls.contains(acl))
                    .forEach(acl -> drift.add(new Drift(acl.pattern().name(), "ACL " + describe(acl), "granted", "missing")));
            acls.stream().filter(acl -> !wanted.contains(acl))
                    .forEach(acl -> drift.add(new Drift(acl.pattern().name(), "ACL " + describe(acl), "not granted", "present")));
        });
        return drift;
    }

    private Map<String, TopicDescription> describe(Topology topology) {
        Set<String> existing = call(() -> admin.listTopics().names().get());
        List<String> wanted = topology.topics().stream().map(TopicSpec::name).filter(existing::contains).toList();
        return wanted.isEmpty() ? Map.of() : call(() -> admin.describeTopics(wanted).allTopicNames().get());
    }

    private Map<String, Config> configs(Topology topology) {
        Set<String> existing = call(() -> admin.listTopics().names().get());
        List<ConfigResource> resources = topology.topics().stream().map(TopicSpec::name).filter(existing::contains)
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> described = resources.isEmpty() ? Map.of()
                : call(() -> admin.describeConfigs(resources).all().get());
        return described.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }

    private interface AdminCall<T> {
        T run() throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.run();
        } catch (ExecutionException e) {
            throw new DevStackException("the Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while talking to Kafka", e);
        }
    }
}
