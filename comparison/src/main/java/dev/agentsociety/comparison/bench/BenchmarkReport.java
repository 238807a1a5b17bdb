package dev.agentsociety.comparison.bench;

import dev.agentsociety.comparison.bench.BenchmarkResults.Replay;
import dev.agentsociety.comparison.bench.BenchmarkResults.Run;
import dev.agentsociety.comparison.bench.BenchmarkResults.Target;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * benchmarks.md from benchmarks.json: the table, the targets as ratios from the same run (met or missed,
 * and by how much), and where the time goes — the publish leg (publish call to acknowledgement) against the
 * delivery leg (the rest, to the handler), and the CPU each process spent per message.
 */
public final class BenchmarkReport {

    private final BenchmarkResults results;

    public BenchmarkReport(BenchmarkResults results) {
        this.results = results;
    }

    /** One console line for a finished run. */
    static String line(Run run) {
        String where = String.format(Locale.ROOT, "%-12s %5d B %3d partitions %2dx %-10s", run.path(), run.payloadBytes(),
                run.partitions(), run.instances(), run.mode());
        if (run.error() != null) {
            return where + " failed: " + run.error();
        }
        return String.format(Locale.ROOT, "%s %6s/%-6d handled%s  %8s msg/s  e2e p50 %s p99 %s ms  ack p50 %s ms",
                where, text(run.handled()), run.sent(), run.handledByInstance() == null || run.handledByInstance().size() < 2 ? ""
                        : " " + run.handledByInstance(), text(run.throughputPerSec()),
                run.latencyMs() == null ? "-" : text(run.latencyMs().p50()), run.latencyMs() == null ? "-" : text(run.latencyMs().p99()),
                run.publishAckMs() == null ? "-" : text(run.publishAckMs().p50()));
    }

    /** One console line for a replay. */
    static String replayLine(Replay replay) {
        if (replay.error() != null) {
            return "replay failed: " + replay.error();
        }
        return String.format(Locale.ROOT, "replay %-18s %7d events of %d accounts in %.2f s: %d events/s (%s%s), %d/%d accounts exact",
                replay.variant(), replay.events(), replay.accounts(), replay.seconds(), replay.eventsPerSec(), replay.how(),
                replay.startSeconds() != null ? String.format(Locale.ROOT, "; its start took %.1f s", replay.startSeconds()) : "",
                replay.accountsRebuiltExactly(), replay.accounts());
    }

    /** The targets per payload size: direct >= 0.9 x tool, Dapr bulk >= 0.5 x direct, Dapr p50 <= 3 ms, p99 <= 10 ms at rate. */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (int size : sizes()) {
            ratio(targets, size, "direct-kafka / kafka-tool throughput", throughput("direct-kafka", size),
                    throughput("kafka-tool", size), 0.9);
            ratio(targets, size, "dapr-bulk / direct-kafka throughput", throughput("dapr-bulk", size),
                    throughput("direct-kafka", size), 0.5);
            for (String dapr : new String[] {"dapr-grpc", "dapr-http", "dapr-bulk"}) {
                results.find(dapr, size, "at-rate").filter(run -> run.latencyMs() != null).ifPresent(run -> {
                    targets.add(limit(size, dapr + " p50 at " + run.ratePerSec() + "/s (ms)", run.latencyMs().p50(), 3));
                    targets.add(limit(size, dapr + " p99 at " + run.ratePerSec() + "/s (ms)", run.latencyMs().p99(), 10));
                });
            }
        }
        return targets;
    }

    public String markdown() {
        BenchmarkResults.Settings settings = results.settings();
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("`").append(results.command()).append("` — ").append(results.startedAt()).append(", ").append(results.broker())
                .append(", ").append(settings.machine()).append(", acks=").append(settings.acks()).append(", ")
                .append(settings.partitions()).append(" partitions per topic")
                .append(results.versions().containsKey("daprd") ? ", daprd " + results.versions().get("daprd") : "")
                .append(".\n\nThroughput: ").append(settings.messages())
                .append(" messages as fast as the path goes, publish call to handled, after warm-up rounds of ")
                .append(settings.warmUpPerPath()).append(" per path and setup for ").append(settings.durationSeconds())
                .append(" s (a variant's first setup three times as long) and a short run at the rate. At rate: ").append(settings.ratePerSec())
                .append(" messages/s for ").append(settings.durationSeconds())
                .append(" s; end to end = when the probe was due by the rate's schedule to its handler, ack = publish call "
                        + "to the transport's acknowledgement.\n\n");
        md.append(pathsTable());
        md.append("\n## Targets (ratios from this run)\n\n").append(targetsTable());
        if (growthGroups().size() > 1) {
            md.append("\n## How cost grows\n\nFrom the base (").append(results.settings().partitions()).append(" partitions, ")
                    .append(results.baseInstances()).append(" instance(s) of each handler, ").append(results.basePayloadBytes())
                    .append(" B) one dimension at a time. × base: throughput against the path's own at the base. CPU: µs of CPU "
                            + "per message of every process the path used in the throughput run, in brackets the handlers' "
                            + "(apps, and for Dapr their sidecars).\n\n").append(growthTable());
        }
        if (results.replay() != null) {
            md.append("\n## Replaying the event-sourced ledger\n\n");
            results.replay().forEach(replay -> md.append("- ").append(replayLine(replay)).append('\n'));
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
                Optional<Run> max = results.find(path, size, "throughput");
                Optional<Run> atRate = results.find(path, size, "at-rate");
                if (max.isEmpty() && atRate.isEmpty()) {
                    continue;
                }
                md.append("| ").append(path).append(" | ").append(size).append(" B | ")
                        .append(max.map(run -> text(run.throughputPerSec())).orElse("-")).append(" | ")
                        .append(max.map(run -> text(run.handled()) + " / " + text(run.sent())).orElse("-")).append(" | ")
                        .append(atRate.map(run -> percentiles(run.latencyMs(), true)).orElse("-")).append(" | ")
                        .append(atRate.map(run -> percentiles(run.publishAckMs(), false)).orElse("-")).append(" |\n");
            }
        }
        return md.toString();
    }

    /**
     * How cost grows with the work: for each dimension the sweep grew (payload, partitions, instances), a row per value
     * and path — throughput (and against the path's own at the base), end-to-end p50 / p99 at the set rate, CPU per
     * message in all processes and in the handlers, and what was handled of what was sent. The base rows open each group.
     */
    public String growthTable() {
        StringBuilder md = new StringBuilder();
        md.append("| grows | partitions | instances | payload | path | throughput msg/s | × base | at rate: e2e p50 / p99 ms "
                + "| CPU µs/msg (handlers) | handled / sent |\n");
        md.append("|---|---:|---:|---:|---|---:|---:|---|---:|---:|\n");
        growthGroups().forEach((grows, steps) -> {
            for (Step step : steps) {
                for (String path : paths()) {
                    Optional<Run> max = results.find(path, step.partitions(), step.instances(), step.payloadBytes(), "throughput");
                    Optional<Run> atRate = results.find(path, step.partitions(), step.instances(), step.payloadBytes(), "at-rate");
                    if (max.isEmpty() && atRate.isEmpty()) {
                        continue;
                    }
                    Step first = steps.get(0);
                    Optional<Long> base = results.find(path, first.partitions(), first.instances(), first.payloadBytes(), "throughput")
                            .map(Run::throughputPerSec);
                    md.append("| ").append(grows).append(" | ").append(step.partitions()).append(" | ").append(step.instances())
                            .append(" | ").append(step.payloadBytes()).append(" B | ").append(path).append(" | ")
                            .append(max.map(run -> text(run.throughputPerSec())).orElse("-")).append(" | ")
                            .append(max.map(Run::throughputPerSec).flatMap(t -> base.filter(b -> b > 0)
                                    .map(b -> String.format(Locale.ROOT, "%.2f", t / (double) b))).orElse("-")).append(" | ")
                            .append(atRate.map(run -> run.error() != null ? "failed" : run.latencyMs() == null ? "-"
                                    : text(run.latencyMs().p50()) + " / " + text(run.latencyMs().p99())).orElse("-")).append(" | ")
                            .append(max.map(BenchmarkReport::cpu).orElse("-")).append(" | ")
                            .append(max.map(run -> run.error() != null ? "failed: " + run.error().replace("|", "/")
                                    : text(run.handled()) + " / " + text(run.sent())).orElse("-")).append(" |\n");
                }
            }
        });
        return md.toString();
    }

    /** One measured combination, as the growth table groups them. */
    private record Step(int partitions, int instances, int payloadBytes) {
    }

    /**
     * The dimensions the sweep grew, each with its steps in ascending order, the base among them: payload at the
     * base partitions and instances, partitions at the base instances and payload, instances at the base partitions
     * and payload. Only a dimension with more than one value; just the base when none grew.
     */
    private Map<String, List<Step>> growthGroups() {
        int partitions = results.settings().partitions();
        int instances = results.baseInstances();
        int payload = results.basePayloadBytes();
        TreeSet<Step> measured = new TreeSet<>(Comparator.comparingInt(Step::partitions).thenComparingInt(Step::instances)
                .thenComparingInt(Step::payloadBytes));
        results.results().forEach(run -> measured.add(new Step(results.partitionsOf(run), results.instancesOf(run), run.payloadBytes())));
        Map<String, List<Step>> groups = new LinkedHashMap<>();
        groups.put("payload", measured.stream().filter(s -> s.partitions() == partitions && s.instances() == instances).toList());
        groups.put("partitions", measured.stream().filter(s -> s.instances() == instances && s.payloadBytes() == payload).toList());
        groups.put("instances", measured.stream().filter(s -> s.partitions() == partitions && s.payloadBytes() == payload).toList());
        groups.values().removeIf(steps -> steps.size() < 2);
        if (groups.isEmpty()) {
            groups.put("base", List.of(new Step(partitions, instances, payload)));
        }
        return groups;
    }

    /** CPU µs per message of every process of the run, and of its handlers (bench-sink apps and sidecars, bench-sink-direct). */
    private static String cpu(Run run) {
        if (run.cpuMicrosPerMessageInAll() == null) {
            return "-";
        }
        long handlers = run.cpuMicrosPerMessage().entrySet().stream().filter(e -> e.getKey().startsWith(BenchRig.DAPR_SINK))
                .mapToLong(Map.Entry::getValue).sum();
        return run.cpuMicrosPerMessageInAll() + " (" + handlers + ")";
    }

    /** The targets, as ratios and limits from this run. */
    public String targetsTable() {
        StringBuilder md = new StringBuilder();
        md.append("| payload | target | measured | goal | met |\n|---:|---|---:|---:|---|\n");
        for (Target target : results.targets() != null ? results.targets() : targets()) {
            md.append(String.format(Locale.ROOT, "| %d B | %s | %s | %s %s | %s |%n", target.payloadBytes(), target.name(),
                    text(target.measured()), target.kind(), text(target.goal()), target.met() ? "yes" : "no — " + target.missedBy()));
        }
        return md.toString();
    }

    /** At rate, each path's p50 split into its publish and delivery legs; then its CPU per message by process. */
    public String whereTheTimeGoes() {
        StringBuilder md = new StringBuilder();
        for (int size : sizes()) {
            for (String path : paths()) {
                results.find(path, size, "at-rate").filter(run -> run.latencyMs() != null).ifPresent(run -> {
                    double ack = run.publishAckMs().p50();
                    double total = run.latencyMs().p50();
                    md.append(String.format(Locale.ROOT, "- %s %d B: p50 %.2f ms = publish leg %.2f ms + delivery leg %.2f ms%n",
                            path, size, total, ack, Math.max(0, total - ack)));
                });
                results.find(path, size, "throughput").filter(run -> run.cpuMicrosPerMessage() != null).ifPresent(run ->
                        md.append("  - ").append(path).append(" ").append(size).append(" B CPU µs/message: ")
                                .append(run.cpuMicrosPerMessage().entrySet().stream().map(p -> p.getKey() + " " + p.getValue())
                                        .collect(Collectors.joining(", "))).append('\n'));
            }
        }
        return md.toString();
    }

    private TreeSet<Integer> sizes() {
        TreeSet<Integer> sizes = new TreeSet<>();
        results.results().forEach(run -> sizes.add(run.payloadBytes()));
        return sizes;
    }

    private static List<String> paths() {
        return java.util.Arrays.stream(BenchPath.values()).map(BenchPath::label).toList();
    }

    private Optional<Double> throughput(String path, int size) {
        return results.find(path, size, "throughput").filter(run -> run.throughputPerSec() != null).map(run -> (double) run.throughputPerSec());
    }

    private static void ratio(List<Target> targets, int size, String name, Optional<Double> numerator, Optional<Double> denominator,
            double goal) {
        if (numerator.isEmpty() || denominator.isEmpty() || denominator.get() <= 0) {
            return;
        }
        double measured = Math.round(numerator.get() / denominator.get() * 100) / 100.0;
        targets.add(new Target(size, name, measured, ">=", goal, measured >= goal,
                measured < goal ? String.format(Locale.ROOT, "%.0f%% short", (1 - measured / goal) * 100) : null));
    }

    private static Target limit(int size, String name, double measured, double goal) {
        return new Target(size, name, measured, "<=", goal, measured <= goal,
                measured > goal ? String.format(Locale.ROOT, "%.1fx the goal", measured / goal) : null);
    }

    private static String percentiles(Latency ms, boolean withMax) {
        if (ms == null) {
            return "-";
        }
        return text(ms.p50()) + (withMax ? " / " + text(ms.p95()) : "") + " / " + text(ms.p99())
                + (withMax ? " / " + text(ms.max()) : "");
    }

    /** A figure as results.json has it: whole numbers without a decimal point; "-" for one not measured. */
    static String text(Number value) {
        if (value == null) {
            return "-";
        }
        double d = value.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
