package dev.agentsociety.comparison.bench;

/** The ways from a publish call to a handler the benchmark measures, side by side on one broker. */
public enum BenchPath {

    /** Kafka's own ProducerPerformance and ConsumerPerformance: the ceiling (raw records, no envelope, no handler). */
    KAFKA_TOOL("kafka-tool", 1, 0),
    /** KafkaEventPublisher.send (async, acks=all, idempotent) to the KafkaAgentLoop every direct agent runs. */
    DIRECT_KAFKA("direct-kafka", 1, 1_000),
    /** POST /v1.0/publish to the publisher's sidecar; its sidecar delivers one message per request to bench-sink. */
    DAPR_HTTP("dapr-http", 1, 128),
    /** DaprClient.publishEvent (gRPC, the Java SDK's only publish protocol); one message per request to bench-sink. */
    DAPR_GRPC("dapr-grpc", 1, 1_000),
    /** DaprPreviewClient.publishEvents, 100 per call; bench-sink takes them with @BulkSubscribe (up to 100, 10 ms). */
    DAPR_BULK("dapr-bulk", 100, 1_000);

    private final String label;
    private final int batch;
    private final int maxInFlight;

    /**
     * @param batch       probes per publish call
     * @param maxInFlight probes published but not yet acknowledged, at most (the JDK's HttpClient opens one
     *                    HTTP/1.1 connection per request in flight, hence fewer there)
     */
    BenchPath(String label, int batch, int maxInFlight) {
        this.label = label;
        this.batch = batch;
        this.maxInFlight = maxInFlight;
    }

    String label() {
        return label;
    }

    int batch() {
        return batch;
    }

    int maxInFlight() {
        return maxInFlight;
    }

    boolean dapr() {
        return label.startsWith("dapr");
    }

    static BenchPath byLabel(String label) {
        for (BenchPath path : values()) {
            if (path.label.equals(label)) {
                return path;
            }
        }
        return null;
    }
}
