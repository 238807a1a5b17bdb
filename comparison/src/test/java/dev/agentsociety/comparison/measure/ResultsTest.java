package dev.agentsociety.comparison.measure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.comparison.scenario.fanout.FanOutDetails;
import dev.agentsociety.comparison.scenario.requestreply.SyncVsAsyncDetails;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.domain.EventJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.json as records: written and read back unchanged, a figure not measured absent, older files readable. */
class ResultsTest {

    /** Two runs of a committed ./compare run of 2026-12-02, as version 2 of the layout wrote them. */
    private static final Path OLDER = Repo.root().resolve("comparison/src/test/resources/results-written-before-version-4.json");

    @TempDir
    Path dir;

    @Test
    void aRunIsWrittenWithItsContractFieldsAndReadBackEqual() throws Exception {
        Latencies latencies = new Latencies();
        latencies.record(Duration.ofMillis(3));
        latencies.record(Duration.ofMillis(9));
        ScenarioResult run = ScenarioResult.of("fan-out", "dapr", "kafka")
                .tally(new DeliveryTally(4, 4, 1, 0, 0, 0, List.of())).latency(latencies).throughput(4, Duration.ofSeconds(2))
                .processes(List.of(new ScenarioResult.ProcessCost("welcome-agent daprd", 0.5, 80.2)))
                .details(new FanOutDetails(4, 3, 100, null, Map.of(), null)).build();
        Results results = new Results(Results.SCHEMA_VERSION, "./compare", "2026-12-02T00:00:00Z", 5L, "embedded", Map.of("kafka", "4.1.1"),
                List.of(run, ScenarioResult.failed("poison", "dapr", "kafka", new IllegalStateException("daprd exited\nstack"))));
        Path file = dir.resolve("results.json");
        results.write(file);

        assertThat(Results.read(file)).isEqualTo(results);
        JsonNode written = EventJson.mapper().readTree(file.toFile());
        assertThat(written.path("schemaVersion").asInt()).isEqualTo(Results.SCHEMA_VERSION);
        assertThat(written.at("/results/0").fieldNames()).toIterable().containsExactly("scenario", "implementation", "broker",
                "sent", "delivered", "duplicates", "lost", "unexpected", "orderViolations", "passed", "latencyMs",
                "latencyPercentiles", "throughputPerSec", "processes", "details");
        assertThat(written.at("/results/0/throughputPerSec").asDouble()).isEqualTo(2.0);
        // a run that did not complete has its reason and no figures at all, not zeros
        assertThat(written.at("/results/1").fieldNames()).toIterable().containsExactly("scenario", "implementation", "broker",
                "passed", "error");
        assertThat(written.at("/results/1/error").asText()).isEqualTo("daprd exited");
        assertThat(results.passed()).isFalse();
    }

    @Test
    void anOlderFileIsReadWithItsFiguresWhereVersion4KeepsThem() throws Exception {
        JsonNode raw = EventJson.mapper().readTree(OLDER.toFile());
        assertThat(raw.path("schemaVersion").asInt()).as("written before version 4").isLessThan(4);

        Results results = Results.read(OLDER);

        ScenarioResult fanOut = results.runs("fan-out").findFirst().orElseThrow();
        FanOutDetails details = fanOut.details(FanOutDetails.class).orElseThrow();
        assertThat(details.byAnswerTopic()).containsOnlyKeys("welcome-emails", "accounts", "recommendations");
        assertThat(details.byAnswerTopic().get("accounts").delivered())
                .isEqualTo(raw.at("/results/0/details/accounts/delivered").asLong());
        assertThat(details.legsMs().publish().p99()).isEqualTo(raw.at("/results/0/details/legsMs/publish/p99").asDouble());
        SyncVsAsyncDetails sync = results.runs("sync-vs-async").findFirst().orElseThrow().details(SyncVsAsyncDetails.class)
                .orElseThrow();
        assertThat(sync.styles()).containsOnlyKeys("async-normal", "sync-normal", "async-slow", "sync-slow");
        assertThat(sync.callers()).isEqualTo(raw.at("/results/1/details/callers").asInt());
        assertThat(results.results()).hasSize(raw.path("results").size());
    }
}
