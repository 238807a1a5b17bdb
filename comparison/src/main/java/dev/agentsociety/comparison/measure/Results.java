package dev.agentsociety.comparison.measure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.comparison.scenario.brokers.BrokerMatrixDetails;
import dev.agentsociety.comparison.scenario.brokers.BrokerMatrixScenario;
import dev.agentsociety.comparison.scenario.brokers.Capability;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * results.json: what {@code ./compare} ran ({@code command}, when, on which broker, the versions it asked each part
 * for) and every run ({@link ScenarioResult}). The report, the
 * verdict, the charts and the docs' tables read this record, never the file's text. The benchmark scenario's runs
 * are runs like the others, their {@code details} a {@link dev.agentsociety.comparison.bench.BenchmarkResults}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written; a file from before version 2 has none
 * @param capabilities  the broker matrix: for each broker a broker-matrix run measured, its cells in the order of
 *                      {@link dev.agentsociety.comparison.scenario.brokers.Property} — derived from the runs, never
 *                      read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "command", "startedAt", "elapsedSeconds", "broker", "versions", "capabilities", "results"})
public record Results(int schemaVersion, String command, String startedAt, Long elapsedSeconds, String broker,
        Map<String, String> versions, Map<String, List<Capability>> capabilities, List<ScenarioResult> results) {

    /**
     * The layout's version: 2 added it, and fan-out's {@code details.sidecars}; 3 each run's
     * {@code latencyPercentiles}; 4 every {@code details} a record of its scenario (fan-out's tallies under
     * {@code byAnswerTopic}, sync-vs-async's styles under {@code styles}), absent figures left out, not zero, and
     * the benchmark's runs among the others (no {@code benchmarks}); 5 the broker matrix ({@code capabilities}).
     */
    public static final int SCHEMA_VERSION = 5;

    public Results {
        results = results == null ? List.of() : List.copyOf(results);
        versions = versions == null ? Map.of() : versions;
        Map<String, List<Capability>> matrix = new LinkedHashMap<>();
        results.stream().filter(run -> run.scenario().equals(BrokerMatrixScenario.NAME))
                .forEach(run -> run.details(BrokerMatrixDetails.class).ifPresent(d -> matrix.put(d.broker(), d.capabilities())));
        capabilities = matrix.isEmpty() ? null : matrix;
    }

    public Results(int schemaVersion, String command, String startedAt, Long elapsedSeconds, String broker,
            Map<String, String> versions, List<ScenarioResult> results) {
        this(schemaVersion, command, startedAt, elapsedSeconds, broker, versions, null, results);
    }

    /** The runs of one scenario, in the order they ran. */
    public Stream<ScenarioResult> runs(String scenario) {
        return results.stream().filter(run -> run.scenario().equals(scenario));
    }

    public boolean passed() {
        return results.stream().allMatch(ScenarioResult::passed);
    }

    /** A results.json of any version: one written before version 4 has its figures moved to where version 4 keeps them. */
    public static Results read(Path file) {
        try {
            JsonNode tree = EventJson.mapper().readTree(file.toFile());
            if (tree.path("schemaVersion").asInt(0) < 4) {
                tree.path("results").forEach(Results::toVersion4);
            }
            return EventJson.mapper().treeToValue(tree, Results.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Before version 4, fan-out kept each answer topic's tally, and sync-vs-async each style's figures, beside the
     * other details: they move under {@code byAnswerTopic} and {@code styles}, figures unchanged.
     */
    private static void toVersion4(JsonNode run) {
        if (!(run.path("details") instanceof ObjectNode details)) {
            return;
        }
        String scenario = run.path("scenario").asText();
        String marker = scenario.equals("fan-out") ? "sent" : scenario.equals("sync-vs-async") ? "latencyMs" : null;
        if (marker == null) {
            return;
        }
        ObjectNode moved = EventJson.mapper().createObjectNode();
        details.properties().stream().filter(field -> field.getValue().has(marker)).toList()
                .forEach(field -> moved.set(field.getKey(), field.getValue()));
        moved.fieldNames().forEachRemaining(details::remove);
        details.set(scenario.equals("fan-out") ? "byAnswerTopic" : "styles", moved);
    }

    public void write(Path file) {
        try {
            Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
