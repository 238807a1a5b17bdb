package dev.agentsociety.comparison.measure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.devstack.ProcessUsage;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One entry of the comparison's results: a scenario run by one implementation on one broker, with the fields
 * results.json has ({@code scenario, implementation, broker, sent, delivered, duplicates, lost, orderViolations,
 * latencyMs, throughputPerSec, passed}), the latency distribution ({@code latencyPercentiles}) and whatever else the
 * scenario measured under {@code details}.
 * Written before a test's assertions, so a failing run still leaves its numbers.
 */
public final class ScenarioResult {

    /** Where the suite writes its results: {@code comparison/target/comparison/<scenario>-<implementation>.json}. */
    public static final Path SUITE_RESULTS = Path.of("target", "comparison");

    private final ObjectNode json = EventJson.mapper().createObjectNode();

    public ScenarioResult(String scenario, String implementation, String broker) {
        json.put("scenario", scenario).put("implementation", implementation).put("broker", broker);
    }

    /** The delivery counts; {@code passed} = nothing lost, nothing unexpected, no order violated. */
    public ScenarioResult tally(DeliveryTally tally) {
        tally.counts().forEach(json::put);
        json.put("passed", tally.lost() == 0 && tally.unexpected() == 0 && tally.orderViolations() == 0);
        return this;
    }

    public ScenarioResult latency(Latencies latencies) {
        json.set("latencyMs", latencies.toJson());
        json.set("latencyPercentiles", latencies.percentiles());
        return this;
    }

    public ScenarioResult throughput(long messages, Duration over) {
        json.put("throughputPerSec", Math.round(messages * 10_000.0 / Math.max(1, over.toMillis())) / 10.0);
        return this;
    }

    /**
     * What each process spent over the measured phase ({@code end.since(start)}): CPU seconds and peak RSS, as
     * results.json's {@code processes} (role, cpuSeconds, peakRssMb).
     */
    public ScenarioResult processes(List<ProcessUsage> start, List<ProcessUsage> end) {
        ArrayNode processes = json.putArray("processes");
        for (ProcessUsage now : end) {
            ProcessUsage spent = start.stream().filter(s -> s.pid() == now.pid()).findFirst().map(now::since).orElse(now);
            processes.addObject().put("role", spent.role()).put("cpuSeconds", Math.round(spent.cpuSeconds() * 100) / 100.0)
                    .put("peakRssMb", spent.peakRssKb() < 0 ? -1 : Math.round(spent.peakRssKb() / 102.4) / 10.0);
        }
        return this;
    }

    /** Scenario-specific figures. */
    public ObjectNode details() {
        return json.has("details") ? (ObjectNode) json.get("details") : json.putObject("details");
    }

    public ObjectNode json() {
        return json;
    }

    /** Writes {@code <dir>/<scenario>-<implementation>.json} and returns its path. */
    public Path write(Path dir) {
        Path file = dir.resolve(json.path("scenario").asText() + "-" + json.path("implementation").asText() + ".json");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
