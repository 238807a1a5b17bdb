package dev.agentsociety.comparison.scenario.brokers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a broker does not deliver through Dapr's pub/sub (daprd 1.16.5, components-contrib 1.16.5) that Kafka does,
 * as the broker matrix observed it: each names the broker, the properties, and why — with the component's source
 * where that is the reason. A cell that is not held must be one of these, and a gap whose cell is held fails the
 * run too — so the list stays what the brokers do, not what was once believed. An intermittent gap was seen, but
 * not in every run (a race the run does not force): its cells are what they are.
 */
public enum BrokerGap {
    REDIS_KEY_ORDER("redis", "Redis Streams has no partition key: the redis component ignores partitionKey, and every "
            + "instance of the group and each of its workers (concurrency) takes any entry — a key's events are handled "
            + "out of order as soon as two are handled at once", Property.KEY_ORDER),
    RABBITMQ_KEY_ORDER("rabbitmq", "a queue has no partition key: the instances of one app-id share its queue, each "
            + "taking the next message, so a key's events are handled side by side", Property.KEY_ORDER),
    RABBITMQ_DEAD_LETTER_REASON("rabbitmq", "the rabbitmq component copies only content type, message id, correlation "
            + "id and type from a publish's metadata onto the message (ApplyMetadataToPublishing, "
            + "common/component/rabbitmq/rabbitmq.go): dlq.reason never reaches the broker", Property.DEAD_LETTER_REASON),
    RABBITMQ_REPLAY("rabbitmq", "an app-id's queue is declared when it first subscribes, and the topic's fanout "
            + "exchange drops what no queue is bound to: a new app-id sees only what comes after it", Property.REPLAY),
    JETSTREAM_KEY_ORDER("jetstream", "a queue group has no partition key: the instances of one app-id each take the "
            + "next message of the consumer, so a key's events are handled side by side", Property.KEY_ORDER),
    JETSTREAM_DEAD_LETTER_REASON("jetstream", "the jetstream component publishes the data alone, without NATS headers "
            + "(Publish, pubsub/jetstream/jetstream.go): dlq.reason never reaches the stream", Property.DEAD_LETTER_REASON),
    JETSTREAM_NULL_KILLS_DAPRD("jetstream", "the jetstream component parses every published payload as a CloudEvent "
            + "for its message id, raw payloads too; one that is JSON null panics daprd (assignment to entry in nil map, "
            + "FromCloudEvent, pubsub/envelope.go:141): one publish kills the sidecar (the agents' dead letters go "
            + "without such a value)", Property.POISON),
    MQTT_ONE_SESSION("mqtt", "MQTT 3.1.1 has no consumer groups: the instances of one app-id share one client id "
            + "(consumerID {appID}) and the broker hands the session from one to the next, so they do not share the work, "
            + "what is in flight at a takeover is lost and a key's order breaks", Property.COMPETING_CONSUMERS,
            Property.KEY_ORDER, Property.REDELIVERY),
    MQTT_FAILED_DELIVERY_LOST("mqtt", true, "the mqtt3 component neither acknowledges nor gives back a message whose "
            + "delivery failed (onMessage returns without Ack, pubsub/mqtt3/mqtt.go), and MQTT 3.1.1 redelivers only when "
            + "the session reconnects: what failed while daprd had stopped delivering — the app's health check missed a "
            + "probe under load, so daprd unsubscribed — is lost. Seen when a burst outruns a subscriber, not in every "
            + "run", Property.FAN_OUT, Property.BULK, Property.POISON),
    MQTT_DEAD_LETTER_REASON("mqtt", "an MQTT 3.1.1 message has no headers: dlq.reason cannot go along",
            Property.DEAD_LETTER_REASON),
    MQTT_REPLAY("mqtt", "a session exists once its client has subscribed; what was published before is not kept "
            + "(retain keeps the last message of a topic, and is off)", Property.REPLAY),
    IN_MEMORY_ONE_SIDECAR("in-memory", "each daprd has a bus of its own in its memory: no event crosses from one "
            + "sidecar to another, so a society of apps gets nothing through it", Property.values());

    private final String broker;
    private final boolean intermittent;
    private final String description;
    private final List<Property> properties;

    BrokerGap(String broker, String description, Property... properties) {
        this(broker, false, description, properties);
    }

    /** {@code intermittent}: observed, but not in every run — its cells may hold in one without failing it. */
    BrokerGap(String broker, boolean intermittent, String description, Property... properties) {
        this.broker = broker;
        this.intermittent = intermittent;
        this.description = description;
        this.properties = List.of(properties);
    }

    public boolean intermittent() {
        return intermittent;
    }

    /** Whether a cell measured so is what this broker's gaps declare for {@code property}. */
    static boolean asDeclared(String broker, Property property, boolean held) {
        Optional<BrokerGap> gap = of(broker, property);
        return gap.isEmpty() ? held : gap.get().intermittent || !held;
    }

    public String broker() {
        return broker;
    }

    public List<Property> properties() {
        return properties;
    }

    public String description() {
        return description;
    }

    static Optional<BrokerGap> of(String broker, Property property) {
        return Arrays.stream(values()).filter(g -> g.broker.equals(broker) && g.properties.contains(property)).findFirst();
    }
}
