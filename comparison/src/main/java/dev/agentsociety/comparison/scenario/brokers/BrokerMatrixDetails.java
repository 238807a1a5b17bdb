package dev.agentsociety.comparison.scenario.brokers;

import java.util.List;

/**
 * The broker matrix's column for one broker.
 *
 * @param broker       its folder under {@code components/}
 * @param described    what ran, and where
 * @param capabilities one per {@link Property}, in its order
 */
public record BrokerMatrixDetails(String broker, String described, List<Capability> capabilities) {

    public BrokerMatrixDetails {
        capabilities = List.copyOf(capabilities);
    }
}
