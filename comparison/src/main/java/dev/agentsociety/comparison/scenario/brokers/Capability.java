package dev.agentsociety.comparison.scenario.brokers;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One cell of the broker x property matrix as the run measured it.
 *
 * @param property {@link Property#key()}
 * @param held     whether the broker delivered the property through Dapr; for a figure (latency, throughput)
 *                 whether it was measured at all
 * @param measured what was seen, in a few words with its numbers
 * @param gap      when not held: the {@link BrokerGap} that names it, or null when no gap says so (then the run fails)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Capability(String property, boolean held, String measured, String gap) {

    /** The cell as the matrix shows it: ✓, ✗ or the figure, then what was measured. */
    public String cell() {
        return (held ? "✓ " : "✗ ") + measured;
    }
}
