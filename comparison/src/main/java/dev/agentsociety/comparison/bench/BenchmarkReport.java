package dev.agentsociety.comparison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.domain.EventJson;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * benchmarks.md from benchmarks.json: the table, the targets as ratios from the same run (met or missed,
 * and by how much), and where the time goes — the publish leg (publish call to acknowledgement) against the
 * delivery leg (the rest, to the handler), and the CPU each process spent per message.
 */
public final class BenchmarkReport {

    private final ObjectNode results;

    public BenchmarkReport(ObjectNode results) {
        this.results = results;
    }

    /** One console line for a finished run. */
    static String line(JsonNode entry) {
        if (entry.has("error")) {
            return String.format(Locale.ROOT, "%-12s %5d B %-10s failed: %s", entry.path("path").asText(),
                    entry.path("payloadBytes").asInt(), entry.path("mode").asText(), entry.path("error").asText());
        }
        return String.format(Locale.ROOT, "%-12s %5d B %-10s %6s/%-6d handled  %8s msg/s  e2e p50 %s p99 %s ms  ack p50 %s ms",
                entry.path("path").asText(), entry.path("payloadBytes").asInt(), entry.path("mode").asText(),
                entry.path("handled").asText("-"), entry.path("sent").asLong(), entry.path("throughputPerSec").asText("-"),
                entry.at("/latencyMs/p50").asText("-"), entry.at("/latencyMs/p99").asText("-"),
                entry.at("/publishAckMs/p50").asText("-"));
    }

    /** One console line for a replay. */
    static String replayLine(JsonNode entry) {
        if (entry.has("error")) {
            return "replay failed: " + entry.path("error").asText();
        }
        return String.format(Locale.ROOT, "replay %-18s %7d events of %d accounts in %.2f s: %d events/s (%s%s), %d/%d accounts exact",
                entry.path("variant").asText(), entry.path("events").asLong(), entry.path("accounts").asLong(),
                entry.path("seconds").asDouble(), entry.path("eventsPerSec").asLong(), entry.path("how").asText(),
                entry.has("startSeconds") ? String.format(Locale.ROOT, "; its start took %.1f s", entry.path("startSeconds").asDouble()) : "",
                entry.path("accountsRebuiltExactly").asLong(), entry.path("accounts").asLong());
    }

    /** The targets per payload size: direct >= 0.9 x tool, Dapr bulk >= 0.5 x direct, Dapr p50 <= 3 ms, p99 <= 10 ms at rate. */
    public ArrayNode targets() {
        ArrayNode targets = EventJson.mapper().createArrayNode();
        for (int size : sizes()) {
            ratio(targets, size, "direct-kafka / kafka-tool throughput", throughput("direct-kafka", size),
                    throughput("kafka-tool", size), 0.9);
            ratio(targets, size, "dapr-bulk / direct-kafka throughput", throughput("dapr-bulk", size),
                    throughput("direct-kafka", size), 0.5);
            for (String dapr : new String[] {"dapr-grpc", "dapr-http", "dapr-bulk"}) {
                find(dapr, size, "at-rate").ifPresent(entry -> {
                    limit(targets, size, dapr + " p50 at " + entry.path("ratePerSec").asInt() + "/s (ms)",
                            entry.at("/latencyMs/p50").asDouble(), 3);
                    limit(targets, size, dapr + " p99 at " + entry.path("ratePerSec").asInt() + "/s (ms)",
                            entry.at("/latencyMs/p99").asDouble(), 10);
                });
            }
        }
        return targets;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("`").append(results.path("command").asText()).append("` — ").append(results.path("startedAt").asText())
                .append(", ").append(results.path("broker").asText()).append(", ")
                .append(results.at("/settings/machine").asText()).append(", acks=all, ")
                .append(results.at("/settings/partitions").asInt()).append(" partitions per topic")
                .append(results.path("versions").has("daprd") ? ", daprd " + results.at("/versions/daprd").asText() : "")
                .append(".\n\nThroughput: ").append(results.at("/settings/messages").asInt())
                .append(" messages as fast as the path goes, publish call to handled, after a warm-up of ")
                .append(results.at("/settings/warmUpPerPath").asInt()).append(" per path. At rate: ")
                .append(results.at("/settings/ratePerSec").asInt()).append(" messages/s for ")
                .append(results.at("/settings/durationSeconds").asInt())
                .append(" s; end to end = publish call to handler, ack = publish call to the transport's acknowledgement.\n\n");
        md.append(pathsTable());
        md.append("\n## Targets (ratios from this run)\n\n").append(targetsTable());
        if (results.has("replay")) {
            md.append("\n## Replaying the event-sourced ledger\n\n");
            results.get("replay").forEach(entry -> md.append("- ").append(replayLine(entry)).append('\n'));
        }
        md.append("\n## Where the time goes\n\nAt rate, per path: the publish leg (publish call until the transport "
                + "acknowledges: for Dapr app -> sidecar -> broker -> back) and the delivery leg (the rest of the end-to-end "
                + "p50: broker -> consumer, or broker -> sidecar -> app). Then CPU per message by process in the throughput "
                + "run (µs of CPU each process spent, divided by the messages).\n\n").append(whereTheTimeGoes());
        return md.toString();
    }

    /** Each path and payload: throughput, what it handled of what was sent, and its latency at the set rate. */
    public String pathsTable() {
        StringBuilder md = new StringBuilder();
        md.append("| path | payload | throughput msg/s | handled / sent | at rate: e2e p50 / p95 / p99 / max ms | ack p50 / p99 ms |\n");
        md.append("|---|---:|---:|---:|---|---|\n");
        for (int size : sizes()) {
            for (String path : paths()) {
                Optional<JsonNode> max = find(path, size, "throughput");
                Optional<JsonNode> atRate = find(path, size, "at-rate");
                if (max.isEmpty() && atRate.isEmpty()) {
                    continue;
                }
                md.append("| ").append(path).append(" | ").append(size).append(" B | ")
                        .append(max.map(e -> e.path("throughputPerSec").asText("-")).orElse("-")).append(" | ")
                        .append(max.map(e -> e.path("handled").asText("-") + " / " + e.path("sent").asText()).orElse("-")).append(" | ")
                        .append(atRate.map(e -> e.has("latencyMs") ? percentiles(e.get("latencyMs"), true) : "-").orElse("-")).append(" | ")
                        .append(atRate.map(e -> percentiles(e.get("publishAckMs"), false)).orElse("-")).append(" |\n");
            }
        }
        return md.toString();
    }

    /** The targets, as ratios and limits from this run. */
    public String targetsTable() {
        StringBuilder md = new StringBuilder();
        md.append("| payload | target | measured | goal | met |\n|---:|---|---:|---:|---|\n");
        for (JsonNode target : results.has("targets") ? results.get("targets") : targets()) {
            md.append(String.format(Locale.ROOT, "| %d B | %s | %s | %s %s | %s |%n", target.path("payloadBytes").asInt(),
                    target.path("name").asText(), target.path("measured").asText(), target.path("kind").asText(),
                    target.path("goal").asText(), target.path("met").asBoolean() ? "yes"
                            : "no — " + target.path("missedBy").asText()));
        }
        return md.toString();
    }

    /** At rate, each path's p50 split into its publish and delivery legs; then its CPU per message by process. */
    public String whereTheTimeGoes() {
        StringBuilder md = new StringBuilder();
        for (int size : sizes()) {
            for (String path : paths()) {
                find(path, size, "at-rate").filter(e -> e.has("latencyMs")).ifPresent(e -> {
                    double ack = e.at("/publishAckMs/p50").asDouble();
                    double total = e.at("/latencyMs/p50").asDouble();
                    md.append(String.format(Locale.ROOT, "- %s %d B: p50 %.2f ms = publish leg %.2f ms + delivery leg %.2f ms%n",
                            path, size, total, ack, Math.max(0, total - ack)));
                });
                find(path, size, "throughput").filter(e -> e.has("cpuMicrosPerMessage")).ifPresent(e -> {
                    StringBuilder cpu = new StringBuilder();
                    for (Iterator<Map.Entry<String, JsonNode>> it = e.get("cpuMicrosPerMessage").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> process = it.next();
                        cpu.append(cpu.isEmpty() ? "" : ", ").append(process.getKey()).append(" ").append(process.getValue().asLong());
                    }
                    md.append("  - ").append(path).append(" ").append(size).append(" B CPU µs/message: ").append(cpu).append('\n');
                });
            }
        }
        return md.toString();
    }

    private TreeSet<Integer> sizes() {
        TreeSet<Integer> sizes = new TreeSet<>();
        results.path("results").forEach(e -> sizes.add(e.path("payloadBytes").asInt()));
        return sizes;
    }

    private java.util.List<String> paths() {
        java.util.List<String> paths = new java.util.ArrayList<>();
        for (BenchPath path : BenchPath.values()) {
            paths.add(path.label());
        }
        return paths;
    }

    private Optional<JsonNode> find(String path, int size, String mode) {
        for (JsonNode entry : results.path("results")) {
            if (entry.path("path").asText().equals(path) && entry.path("payloadBytes").asInt() == size
                    && entry.path("mode").asText().equals(mode)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private Optional<Double> throughput(String path, int size) {
        return find(path, size, "throughput").filter(e -> e.has("throughputPerSec")).map(e -> e.path("throughputPerSec").asDouble());
    }

    private static void ratio(ArrayNode targets, int size, String name, Optional<Double> numerator, Optional<Double> denominator,
            double goal) {
        if (numerator.isEmpty() || denominator.isEmpty() || denominator.get() <= 0) {
            return;
        }
        double measured = Math.round(numerator.get() / denominator.get() * 100) / 100.0;
        ObjectNode target = targets.addObject().put("payloadBytes", size).put("name", name).put("measured", measured)
                .put("kind", ">=").put("goal", goal).put("met", measured >= goal);
        if (measured < goal) {
            target.put("missedBy", String.format(Locale.ROOT, "%.0f%% short", (1 - measured / goal) * 100));
        }
    }

    private static void limit(ArrayNode targets, int size, String name, double measured, double goal) {
        ObjectNode target = targets.addObject().put("payloadBytes", size).put("name", name).put("measured", measured)
                .put("kind", "<=").put("goal", goal).put("met", measured <= goal);
        if (measured > goal) {
            target.put("missedBy", String.format(Locale.ROOT, "%.1fx the goal", measured / goal));
        }
    }

    private static String percentiles(JsonNode ms, boolean withMax) {
        if (ms == null) {
            return "-";
        }
        return ms.path("p50").asText() + (withMax ? " / " + ms.path("p95").asText() : "") + " / " + ms.path("p99").asText()
                + (withMax ? " / " + ms.path("max").asText() : "");
    }
}
