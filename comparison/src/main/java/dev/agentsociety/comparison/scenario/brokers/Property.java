package dev.agentsociety.comparison.scenario.brokers;

/** The rows of the broker matrix, in the order it measures and shows them. */
public enum Property {
    FAN_OUT("fan-out", "fan-out to 2 app-ids"),
    COMPETING_CONSUMERS("competing-consumers", "3 instances of one app-id share the work"),
    KEY_ORDER("key-order", "per-key order while instances go 1 → 3 → 1"),
    REDELIVERY("redelivery", "nothing lost when the app is killed mid-stream"),
    DEAD_LETTER_REASON("dead-letter-reason", "dead letters carry their reason"),
    REPLAY("replay", "a late subscriber sees earlier events"),
    BULK("bulk", "bulk publish and bulk subscribe"),
    POISON("poison", "the poison set: each dead-lettered, nothing valid lost, agent up"),
    LATENCY("latency", "latency at 1,000 msg/s (p50 / p99)"),
    THROUGHPUT("throughput", "maximum throughput");

    private final String key;
    private final String label;

    Property(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Whether the row is a figure (latency, throughput): held means measured, not a guarantee. */
    public boolean figure() {
        return this == LATENCY || this == THROUGHPUT;
    }
}
