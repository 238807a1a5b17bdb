package dev.agentsociety.comparison.scenario.exactlyonce;

import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.toxiproxy.Toxiproxy;
import java.util.Set;

/**
 * A fault done to the transport while payments flow: to the brokers ({@link BrokerFault}) or to the network between
 * the clients and the brokers ({@link NetworkFault}). It returns once the cluster and the network are whole again.
 */
interface TransportFault {

    /** The proxied listener set the payments' publisher reaches the brokers through, when its fault needs proxies. */
    int PUBLISHER_SET = 0;
    /** The one the ledger agent (Dapr: its daprd) reaches them through. */
    int AGENT_SET = 1;

    String name();

    String description();

    /** Whether it is the contrast row: weak settings, there to show the loss they allow. */
    default boolean contrast() {
        return false;
    }

    /** Whether the clients reach the brokers through Toxiproxy for it. */
    default boolean throughProxies() {
        return false;
    }

    void inject(Context context) throws Exception;

    /** The run's view of the load while a fault lasts. */
    interface Load {
        /** Blocks until this many more payments have been handed to the publisher. */
        void awaitMoreSent(int payments);

        /** Marks the moments the cluster can no longer take acks=all writes, and can again. */
        default void belowMinIsr(boolean below) {
        }
    }

    /**
     * What a fault is done to, and with.
     *
     * @param toxiproxy      the proxies in front of the proxied listener sets, when {@link #throughProxies()}
     * @param topics         the run's topics and the internal ones: every ISR of them is full again when a fault ends
     * @param duringPayments how many payments a fault lasts for, at least
     */
    record Context(EmbeddedKafkaCluster cluster, Toxiproxy toxiproxy, String paymentsTopic, Set<String> topics, String group,
            Load load, int duringPayments) {
    }
}
