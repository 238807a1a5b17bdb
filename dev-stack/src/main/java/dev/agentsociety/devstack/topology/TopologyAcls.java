package dev.agentsociety.devstack.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs a {@link Topology} grants, and nothing more: for each topic, WRITE and DESCRIBE to its producers, READ
 * and DESCRIBE to its consumers; READ on each principal's consumer groups; WRITE and DESCRIBE on its transactional
 * ids. Each principal is {@code User:<agent>}, from any host. An idempotent producer needs no more since Kafka 3.0
 * (WRITE on a topic implies IDEMPOTENT_WRITE). Topics carry the run's prefix; groups and transactional ids do not
 * (the agents name them so).
 */
public final class TopologyAcls {

    private TopologyAcls() {
    }

    public static String principal(String agent) {
        return "User:" + agent;
    }

    public static Set<AclBinding> of(Topology topology) {
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (TopicSpec topic : topology.topics()) {
            for (String producer : topic.producers()) {
                acls.add(allow(ResourceType.TOPIC, topic.name(), producer, AclOperation.WRITE));
                acls.add(allow(ResourceType.TOPIC, topic.name(), producer, AclOperation.DESCRIBE));
            }
            for (String consumer : topic.consumers()) {
                acls.add(allow(ResourceType.TOPIC, topic.name(), consumer, AclOperation.READ));
                acls.add(allow(ResourceType.TOPIC, topic.name(), consumer, AclOperation.DESCRIBE));
            }
        }
        for (Topology.Principal principal : topology.principals()) {
            principal.groups().forEach(group -> acls.add(allow(ResourceType.GROUP, group, principal.name(), AclOperation.READ)));
            for (String id : principal.transactionalIds()) {
                acls.add(allow(ResourceType.TRANSACTIONAL_ID, id, principal.name(), AclOperation.WRITE));
                acls.add(allow(ResourceType.TRANSACTIONAL_ID, id, principal.name(), AclOperation.DESCRIBE));
            }
        }
        return acls;
    }

    /** The principals whose ACLs {@link TopologyApplier} owns: every agent of the topology. */
    public static List<String> principals(Topology topology) {
        List<String> names = new ArrayList<>();
        topology.principals().forEach(p -> names.add(principal(p.name())));
        return names;
    }

    /** {@code name*} is the prefix {@code name}; anything else the literal name. */
    private static AclBinding allow(ResourceType type, String name, String agent, AclOperation operation) {
        boolean prefix = name.endsWith("*");
        ResourcePattern resource = new ResourcePattern(type, prefix ? name.substring(0, name.length() - 1) : name,
                prefix ? PatternType.PREFIXED : PatternType.LITERAL);
        return new AclBinding(resource, new AccessControlEntry(principal(agent), "*", operation, AclPermissionType.ALLOW));
    }
}
