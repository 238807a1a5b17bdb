package dev.agentsociety.comparison.measure;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.devstack.broker.LoopbackServer;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of results.json: a scenario run by one implementation on one broker — what was sent and delivered,
 * duplicates, losses, order, latency, throughput, what each process spent — and the scenario's own figures in
 * {@code details}, a record of the scenario's package (read back with {@link #details(Class)}). Built by a
 * {@link Builder}; written before a test's assertions, so a failing run still leaves its numbers. A figure the
 * scenario does not measure is absent (null), never a zero.
 *
 * @param passed nothing lost, nothing unexpected, no order violated — and whatever else the scenario demands
 * @param error  why the run did not complete (its other figures then absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scenario", "implementation", "broker", "sent", "delivered", "duplicates", "lost", "unexpected",
        "orderViolations", "passed", "error", "latencyMs", "latencyPercentiles", "throughputPerSec", "processes", "details"})
public record ScenarioResult(String scenario, String implementation, String broker, Long sent, Long delivered,
        Long duplicates, Long lost, Long unexpected, Long orderViolations, boolean passed, String error, Latency latencyMs,
        List<Percentile> latencyPercentiles, Double throughputPerSec, List<ProcessCost> processes, JsonNode details) {

    /** Where the suite writes its results: {@code comparison/target/comparison/<scenario>-<implementation>.json}. */
    public static final Path SUITE_RESULTS = Path.of("target", "comparison");

    /** Milliseconds at the percentiles results.json keeps. */
    public record Latency(double p50, double p95, double p99, double max) {
    }

    /** One point of HdrHistogram's percentile distribution, written {@code [percentile, ms]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"percentile", "ms"})
    public record Percentile(double percentile, double ms) {
    }

    /** What one process spent over the measured phase; {@code peakRssMb} -1 where the system does not say. */
    public record ProcessCost(String role, double cpuSeconds, double peakRssMb) {

        public boolean agent() {
            return role.endsWith(" app");
        }

        public boolean sidecar() {
            return role.endsWith(" daprd");
        }

        public boolean broker() {
            return role.startsWith("kafka") || role.startsWith("redis") || role.startsWith(LoopbackServer.BROKER_PREFIX);
        }

        public boolean runner() {
            return role.startsWith("runner");
        }
    }

    /** The scenario's own figures as its record, when it wrote them. */
    public <T> Optional<T> details(Class<T> type) {
        if (details == null || details.isNull() || details.isMissingNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventJson.mapper().treeToValue(details, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("details of " + scenario + " are not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** CPU seconds of every process over the phase; 0 when none was measured. */
    public double cpuSeconds() {
        return processes == null ? 0 : processes.stream().mapToDouble(ProcessCost::cpuSeconds).sum();
    }

    public boolean measuredProcesses() {
        return processes != null && !processes.isEmpty();
    }

    /** Writes {@code <dir>/<scenario>-<implementation>.json} and returns its path. */
    public Path write(Path dir) {
        Path file = dir.resolve(scenario + "-" + implementation + ".json");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static Builder of(String scenario, String implementation, String broker) {
        return new Builder(scenario, implementation, broker);
    }

    /** A run that did not complete: recorded as failed, with the first line of why. */
    public static ScenarioResult failed(String scenario, String implementation, String broker, Throwable why) {
        String reason = String.valueOf(why.getMessage()).lines().findFirst().orElse(why.getClass().getSimpleName());
        return new ScenarioResult(scenario, implementation, broker, null, null, null, null, null, null, false, reason,
                null, null, null, null, null);
    }

    /** Collects a run's figures as the scenario measures them. */
    public static final class Builder {

        private final String scenario;
        private final String implementation;
        private final String broker;
        private Long sent;
        private Long delivered;
        private Long duplicates;
        private Long lost;
        private Long unexpected;
        private Long orderViolations;
        private Boolean passed;
        private Latency latency;
        private List<Percentile> percentiles;
        private Double throughput;
        private List<ProcessCost> processes;
        private JsonNode details;

        private Builder(String scenario, String implementation, String broker) {
            this.scenario = scenario;
            this.implementation = implementation;
            this.broker = broker;
        }

        /** The delivery counts; passed unless something was lost, unexpected or out of order. */
        public Builder tally(DeliveryTally tally) {
            counts(tally.sent(), tally.delivered(), tally.duplicates(), tally.lost(), tally.orderViolations());
            unexpected = tally.unexpected();
            passed = tally.lost() == 0 && tally.unexpected() == 0 && tally.orderViolations() == 0;
            return this;
        }

        /** Counts a scenario took by its own reckoning (answers, outcomes); {@link #passed} then says how it went. */
        public Builder counts(long sent, long delivered, long duplicates, long lost, long orderViolations) {
            this.sent = sent;
            this.delivered = delivered;
            this.duplicates = duplicates;
            this.lost = lost;
            this.orderViolations = orderViolations;
            return this;
        }

        public Builder unexpected(long unexpected) {
            this.unexpected = unexpected;
            return this;
        }

        public Builder passed(boolean passed) {
            this.passed = passed;
            return this;
        }

        public Builder latency(Latencies latencies) {
            latency = latencies.summary();
            percentiles = latencies.percentiles();
            return this;
        }

        public Builder throughput(long messages, Duration over) {
            return throughputPerSec(Math.round(messages * 10_000.0 / Math.max(1, over.toMillis())) / 10.0);
        }

        public Builder throughputPerSec(double perSecond) {
            throughput = perSecond;
            return this;
        }

        /** What each process spent over the measured phase ({@link ProcessCosts}). */
        public Builder processes(List<ProcessCost> spent) {
            processes = List.copyOf(spent);
            return this;
        }

        /** The scenario's own figures: a record of its package. */
        public Builder details(Object details) {
            this.details = EventJson.mapper().valueToTree(details);
            return this;
        }

        public ScenarioResult build() {
            if (passed == null) {
                throw new IllegalStateException(scenario + ": a result says whether it passed (tally or passed)");
            }
            return new ScenarioResult(scenario, implementation, broker, sent, delivered, duplicates, lost, unexpected,
                    orderViolations, passed, null, latency, percentiles, throughput, processes, details);
        }
    }
}
