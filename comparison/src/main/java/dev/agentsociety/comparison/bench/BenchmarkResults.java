package dev.agentsociety.comparison.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * benchmarks.json (and results.json's {@code benchmarks}): the settings, each path's runs, the ledger's replays and
 * the targets as ratios from the same run. {@link BenchmarkReport} reads this record.
 *
 * <p>Schema 2 adds to each run its {@code partitions} and {@code instances} (and {@code handledByInstance}), and to
 * the settings the sweep's base {@code instances} and {@code payloadBytes}; a file without them (schema 1, no
 * {@code schemaVersion}) ran every run at its settings' partitions on one instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "command", "startedAt", "elapsedSeconds", "broker", "settings", "versions", "passed",
        "results", "replay", "targets"})
public record BenchmarkResults(Integer schemaVersion, String command, String startedAt, Long elapsedSeconds, String broker,
        Settings settings, Map<String, String> versions, Boolean passed, List<Run> results, List<Replay> replay,
        List<Target> targets) {

    public static final int SCHEMA_VERSION = 2;

    public BenchmarkResults {
        schemaVersion = schemaVersion == null ? 1 : schemaVersion;
        results = results == null ? List.of() : List.copyOf(results);
        versions = versions == null ? Map.of() : versions;
    }

    /** Whether every run and replay completed with nothing lost (a file from before it was written: its runs say). */
    @Override
    public Boolean passed() {
        return passed != null ? passed : results.stream().allMatch(Run::complete)
                && (replay == null || replay.stream().allMatch(Replay::exact));
    }

    public BenchmarkResults withTargets(List<Target> targets) {
        return new BenchmarkResults(schemaVersion, command, startedAt, elapsedSeconds, broker, settings, versions, passed(), results,
                replay, targets);
    }

    public BenchmarkResults took(long seconds) {
        return new BenchmarkResults(schemaVersion, command, startedAt, seconds, broker, settings, versions, passed(), results, replay,
                targets);
    }

    /**
     * @param partitions   the base of the sweep: partitions per topic (schema 1: of every run)
     * @param instances    the base of the sweep: instances of each handler (schema 1: absent, one)
     * @param payloadBytes the base of the sweep: the payload the partitions and instances grow at (schema 1: absent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Settings(int messages, int ratePerSec, int durationSeconds, int partitions, Integer instances,
            Integer payloadBytes, int warmUpPerPath, String acks, String machine) {
    }

    /**
     * One path at one payload size, as fast as it goes ({@code throughput}) or at a fixed rate ({@code at-rate}).
     * Kafka's tools report the producer's and the consumer's rates and the producer's acknowledgement latency; the
     * agents' paths the handler's count and the end-to-end latency from when each probe was due.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "payloadBytes", "partitions", "instances", "mode", "ratePerSec", "sent", "handled",
            "handledByInstance", "duplicates", "lost", "publishFailures", "firstFailure", "throughputPerSec", "producerPerSec",
            "consumerFetchPerSec", "latencyMs", "publishAckMs", "processes", "cpuMicrosPerMessage", "note", "error"})
    public record Run(String path, int payloadBytes, Integer partitions, Integer instances, String mode, Integer ratePerSec,
            Long sent, Long handled, List<Long> handledByInstance, Long duplicates, Long lost, Long publishFailures,
            String firstFailure, Long throughputPerSec, Double producerPerSec, Double consumerFetchPerSec, Latency latencyMs,
            Latency publishAckMs, List<ProcessCost> processes, Map<String, Long> cpuMicrosPerMessage, String note, String error) {

        public boolean atRate() {
            return "at-rate".equals(mode);
        }

        /** Completed with every probe handled and every publish accepted. */
        @JsonIgnore
        public boolean complete() {
            return error == null && (lost == null || lost == 0) && (publishFailures == null || publishFailures == 0);
        }

        /** CPU µs per message of every process the run counted, together; null when not measured. */
        @JsonIgnore
        public Long cpuMicrosPerMessageInAll() {
            return cpuMicrosPerMessage == null || cpuMicrosPerMessage.isEmpty() ? null
                    : cpuMicrosPerMessage.values().stream().mapToLong(Long::longValue).sum();
        }

        static Run failed(String path, int payloadBytes, int partitions, int instances, String mode, Integer ratePerSec,
                String error) {
            return new Run(path, payloadBytes, partitions, instances, mode, ratePerSec, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, error);
        }
    }

    /** The event-sourced ledger rebuilt from its events in one variant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replay(String variant, String how, Long events, Long accounts, Long accountsRebuiltExactly,
            Double seconds, Long eventsPerSec, Double startSeconds, String error) {

        @JsonIgnore
        public boolean exact() {
            return error == null && accounts != null && accounts.equals(accountsRebuiltExactly);
        }
    }

    /** One of the targets at one payload size: a ratio ({@code >=}) or a limit ({@code <=}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(int payloadBytes, String name, double measured, String kind, double goal, boolean met,
            String missedBy) {
    }

    /** The run of a path at a payload size on the base's partitions and instances. */
    public Optional<Run> find(String path, int size, String mode) {
        return find(path, settings.partitions(), baseInstances(), size, mode);
    }

    public Optional<Run> find(String path, int partitions, int instances, int size, String mode) {
        return results.stream().filter(r -> r.path().equals(path) && partitionsOf(r) == partitions && instancesOf(r) == instances
                && r.payloadBytes() == size && r.mode().equals(mode)).findFirst();
    }

    /** A run's partitions per topic (schema 1: the settings'). */
    public int partitionsOf(Run run) {
        return run.partitions() != null ? run.partitions() : settings.partitions();
    }

    /** A run's instances of the handler (schema 1: one). */
    public int instancesOf(Run run) {
        return run.instances() != null ? run.instances() : baseInstances();
    }

    /** The sweep's base instances (schema 1: one). */
    public int baseInstances() {
        return settings.instances() != null ? settings.instances() : 1;
    }

    /** The payload the sweep grows partitions and instances at (schema 1: the smallest measured). */
    public int basePayloadBytes() {
        return settings.payloadBytes() != null ? settings.payloadBytes()
                : results.stream().mapToInt(Run::payloadBytes).min().orElse(0);
    }

    public static BenchmarkResults read(Path file) {
        try {
            return EventJson.mapper().readValue(file.toFile(), BenchmarkResults.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
