package dev.agentsociety.comparison.scenario.brokers;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a broker does not deliver through Dapr's pub/sub that Kafka does, as the broker matrix observed it: each
 * names the broker, the property, and why. A cell that is not held must be one of these, and a gap whose cell is
 * held fails the run too — so the list stays what the brokers do, not what was once believed.
 */
public enum BrokerGap {
    ;

    private final String broker;
    private final Property property;
    private final String description;

    BrokerGap(String broker, Property property, String description) {
        this.broker = broker;
        this.property = property;
        this.description = description;
    }

    public String broker() {
        return broker;
    }

    public Property property() {
        return property;
    }

    public String description() {
        return description;
    }

    static Optional<BrokerGap> of(String broker, Property property) {
        return Arrays.stream(values()).filter(g -> g.broker.equals(broker) && g.property == property).findFirst();
    }
}
