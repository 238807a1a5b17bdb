package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster.ProxiedListener;
import dev.agentsociety.devstack.kafka.KafkaReadiness;
import dev.agentsociety.devstack.toxiproxy.Toxiproxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What is done to the network between the clients and the brokers while payments flow: the publisher and the ledger
 * agent (Dapr: the publishing daprd and the agent's daprd) each reach every broker through a Toxiproxy proxy of their
 * own ({@link TransportFault#PUBLISHER_SET}, {@link TransportFault#AGENT_SET}). Each fault is removed before the
 * run goes on.
 */
enum NetworkFault implements TransportFault {
    /** 100 ms (± 20) added to every answer from the brokers, to both clients. */
    LATENCY("100 ms added to every answer from the brokers, both clients"),
    /** Both directions of both clients limited to 16 KB/s. */
    BANDWIDTH("bandwidth limited to 16 KB/s each way, both clients"),
    /** Every connection of the ledger agent reset by the peer (TCP RST) as soon as it carries data, for a while. */
    CONNECTION_RESET("the ledger agent's connections reset (TCP RST) as they carry data"),
    /**
     * The ledger agent (Dapr: its daprd) cut off from every broker until its group's coordinator has expelled it (past
     * the 10 s session timeout), then healed.
     */
    AGENT_PARTITION("the ledger agent cut off from the brokers past its session timeout, then healed");

    private static final Duration EXPELLED = Duration.ofMinutes(2);

    private final String description;

    NetworkFault(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean throughProxies() {
        return true;
    }

    /** The proxy of node {@code node} in listener set {@code set}. */
    static String proxyName(int set, ProxiedListener listener) {
        return "set" + set + "-node" + listener.node();
    }

    @Override
    public void inject(Context context) throws Exception {
        Toxiproxy toxiproxy = context.toxiproxy();
        List<String> both = List.of(PUBLISHER_SET, AGENT_SET).stream()
                .flatMap(set -> context.cluster().proxiedListeners(set).stream().map(l -> proxyName(set, l))).toList();
        List<String> agent = context.cluster().proxiedListeners(AGENT_SET).stream().map(l -> proxyName(AGENT_SET, l)).toList();
        switch (this) {
            case LATENCY -> withToxic(toxiproxy, both, "latency", List.of("downstream"),
                    Map.of("latency", 100, "jitter", 20), context);
            case BANDWIDTH -> withToxic(toxiproxy, both, "bandwidth", List.of("downstream", "upstream"),
                    Map.of("rate", 16), context);
            case CONNECTION_RESET -> withToxic(toxiproxy, agent, "reset_peer", List.of("upstream"),
                    Map.of("timeout", 0), new Context(context.cluster(), toxiproxy, context.paymentsTopic(), context.topics(),
                            context.group(), context.load(), context.duringPayments() / 3));
            case AGENT_PARTITION -> {
                agent.forEach(proxy -> toxiproxy.enabled(proxy, false));
                try (Admin admin = KafkaReadiness.impatientAdmin(context.cluster().bootstrapServers())) {
                    // the coordinator has given up on the agent: its session timed out, the group is empty
                    await().atMost(EXPELLED).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(() -> admin.describeConsumerGroups(List.of(context.group())).all().get()
                                    .get(context.group()).members().isEmpty());
                    context.load().awaitMoreSent(context.duringPayments());
                } finally {
                    agent.forEach(proxy -> toxiproxy.enabled(proxy, true));
                }
            }
            default -> throw new IllegalArgumentException(toString());
        }
    }

    /** The toxic on every proxy and stream given while the fault's payments are handed over, then removed. */
    private static void withToxic(Toxiproxy toxiproxy, List<String> proxies, String type, List<String> streams,
            Map<String, Object> attributes, Context context) {
        try {
            for (String proxy : proxies) {
                for (String stream : streams) {
                    toxiproxy.toxic(proxy, type + "-" + stream, type, stream, attributes);
                }
            }
            context.load().awaitMoreSent(context.duringPayments());
        } finally {
            for (String proxy : proxies) {
                for (String stream : streams) {
                    try {
                        toxiproxy.removeToxic(proxy, type + "-" + stream);
                    } catch (RuntimeException notAdded) {
                        // the add failed before this one: nothing to remove
                    }
                }
            }
        }
    }
}
