package dev.agentsociety.comparison.report;

import dev.agentsociety.comparison.bench.BenchmarkReport;
import dev.agentsociety.comparison.bench.BenchmarkResults;
import dev.agentsociety.comparison.bench.BenchmarkScenario;
import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.comparison.scenario.brokers.BrokerGap;
import dev.agentsociety.comparison.scenario.brokers.Capability;
import dev.agentsociety.comparison.scenario.brokers.Property;
import dev.agentsociety.comparison.scenario.exactlyonce.FaultsDetails;
import dev.agentsociety.comparison.scenario.exactlyonce.FaultsDetails.FaultRun;
import dev.agentsociety.comparison.scenario.exactlyonce.TransportFaultsScenario;
import dev.agentsociety.comparison.scenario.scale.ScaleScenario;
import dev.agentsociety.comparison.scenario.security.SecurityDetails;
import dev.agentsociety.comparison.scenario.security.SecurityScenario;
import dev.agentsociety.comparison.scenario.fanout.FanOutDetails;
import dev.agentsociety.comparison.scenario.requestreply.SyncVsAsyncDetails;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.devstack.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The comparison report, from results.json alone: the side-by-side table, sync versus async, the guarantees
 * (with the capability gaps the suite holds true) and the size of the two transport layers — as Markdown, and as
 * one HTML page whose charts ({@link Charts}) are inline SVG (no network needed).
 */
public final class Report {

    private static final String[] COLUMNS = {"scenario", "implementation", "sent", "delivered", "dup", "lost", "order",
            "p50 ms", "p95 ms", "p99 ms", "max ms", "per s", "passed"};

    private final Results results;
    private final List<ScenarioResult> entries;

    public Report(Results results) {
        this.results = results;
        this.entries = results.results();
    }

    /** One run in one line, for the console. */
    public static String line(ScenarioResult run) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %-13s sent %s, delivered %s, duplicates %s, "
                + "lost %s, order violations %s", label(run), run.implementation(), text(run.sent()), text(run.delivered()),
                text(run.duplicates()), text(run.lost()), text(run.orderViolations())));
        if (run.latencyMs() != null) {
            line.append(", p50 ").append(number(run.latencyMs().p50())).append(" ms, p99 ").append(number(run.latencyMs().p99())).append(" ms");
        }
        if (run.throughputPerSec() != null) {
            line.append(", ").append(number(run.throughputPerSec())).append("/s");
        }
        if (!run.passed()) {
            line.append("  FAILED").append(run.error() != null ? ": " + run.error() : "");
        }
        return line.toString();
    }

    /** The side-by-side table as fixed-width text. */
    public String table() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(COLUMNS));
        entries.forEach(e -> rows.add(cells(e)));
        int[] widths = new int[COLUMNS.length];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                text.append(i < 2 ? pad(row.get(i), widths[i]) : padLeft(row.get(i), widths[i])).append("  ");
            }
            text.setLength(text.length() - 2);
            text.append('\n');
        }
        return text.toString();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# agent-society: direct-kafka and Dapr, side by side\n\n");
        md.append("`").append(results.command()).append("`, ").append(results.startedAt())
                .append(". Broker: ").append(results.broker()).append(". Versions: ")
                .append(versions()).append(".\n\n");
        String verdict = new Verdict(results).markdown();
        if (!verdict.isEmpty()) {
            md.append("## Verdict\n\n").append(verdict).append("\nEach row from this run's results (the evidence column "
                    + "names the runs), the code size from the tree; a question is left out when its scenario did not run. "
                    + "A tie is the same figure.\n\n## Every run\n\n");
        }
        md.append(runsTable());
        md.append("\nLatency: to the answer's record timestamp (the handler publishing it), in HdrHistogram — fan-out from "
                + "when each signup was due by the offered rate (at max: when it was sent), so a send held back counts; the "
                + "other scenarios from the publish call. An empty cell: the scenario does not measure it.\n");
        if (results.runs("fan-out").findAny().isPresent()) {
            md.append("\n## Fan-out against the goals\n\n").append(DocTables.fanOutGoals(results))
                    .append("\nThe goals for a 2-core machine: answered signups per second at max, and the p99 at 1,000 "
                            + "signups/s offered.\n");
        }
        if (results.runs("fan-out").anyMatch(run -> run.details(FanOutDetails.class).map(FanOutDetails::sidecars).isPresent())) {
            md.append("\n## Inside the Dapr agents, as their sidecars counted\n\n").append(DocTables.fanOutSidecars(results))
                    .append("\nFrom each daprd's metrics over the timed phase: its deliveries to the app (one at a time: the "
                            + "Kafka component flushes every partition's batch under one lock), the app's mean time per "
                            + "delivery including its bulk publish, the publish's own mean, and the share of the phase the "
                            + "app had a delivery.\n");
        }
        List<List<String>> costs = costRows();
        if (!costs.isEmpty()) {
            md.append("\n## What the processes spent\n\n").append(costsTable())
                    .append("\nCPU seconds over the measured phase (first publish to last answer), peak resident memory "
                            + "summed over the processes of each kind; the runner is this JVM: the scenario's publisher and "
                            + "observer (every agent runs in a process of its own). An agent started during the phase counts "
                            + "from its start.\n");
        }
        List<List<String>> sync = syncRows();
        if (!sync.isEmpty()) {
            md.append("\n## Sync versus async (request-reply)\n\n").append(syncTable())
                    .append("\nasync: over pub/sub, all requests in flight at once; sync: plain HTTP (direct-kafka) or "
                            + "Dapr service invocation, from a fixed number of caller threads; slow: risk-agent thinks "
                            + "50 ms per decision.\n");
        }
        if (results.capabilities() != null) {
            md.append("\n## The same Dapr agents on each broker\n\n").append(brokerMatrixTable()).append(BROKER_MATRIX_NOTE)
                    .append("\n\n").append(brokerGapsList());
        }
        if (Stream.of(TransportFaultsScenario.BROKER_FAULTS, TransportFaultsScenario.NETWORK_FAULTS).flatMap(results::runs).findAny().isPresent()) {
            md.append("\n## Broker and network faults\n\n").append(DocTables.transportFaults(results)).append(BROKER_FAULTS_NOTE);
        }
        if (results.runs(SecurityScenario.NAME).findAny().isPresent()) {
            md.append("\n## Security\n\n").append(DocTables.securityChecks(results)).append(SECURITY_NOTE)
                    .append("\n\nThe cost of TLS + SASL, publishing at a fixed rate, latency from each message's intended send time:\n\n")
                    .append(DocTables.securityCost(results));
        }
        if (results.runs(ScaleScenario.NAME).findAny().isPresent()) {
            md.append("\n## Scale: events against synchronous calls\n\n").append(DocTables.scaleCurve(results)).append(SCALE_NOTE)
                    .append("\n\nWhere each stopped scaling on this machine:\n\n").append(DocTables.scaleStops(results))
                    .append("\n**A projection, not a measurement** — the CPU per event of the largest population each kept up "
                            + "with, scaled linearly (it leaves out the brokers and the network between machines):\n\n")
                    .append(DocTables.scaleProjection(results));
        }
        md.append("\n## Guarantees\n\n").append(mdTable(List.of("", "direct-kafka", "dapr"), guarantees()));
        md.append("\nCapability gaps the comparison suite holds true (for the lacking implementation the check must fail):\n\n");
        for (CapabilityGap gap : CapabilityGap.values()) {
            md.append("- **").append(gap.lacking().label()).append("**: ").append(gap.description()).append(" (`")
                    .append(gap.name()).append("`)\n");
        }
        md.append("\n## Transport layers\n\n").append(mdTable(List.of("module", "Java files", "lines of code"), sizeRows()))
                .append("\nLines without blanks and comments; the shared domain module is not counted.\n");
        return md.append(benchmarks().replaceAll("(?m)^#", "\n##")).toString();
    }

    private static final String SCALE_NOTE = "\nOne customer agent per customer, hosted by a few processes; each activity "
            + "is told to three peers — as events on peer-notes, or by a synchronous call to the peer's host (HTTP; Dapr "
            + "service invocation) that the agent waits for. Each agent's customer acts once, the activities spread evenly "
            + "over the run (offered: agents / spread per second), after an untimed warm-up round; latency from the "
            + "activity's intended send time to its last peer's taking the note; others': the activities none of whose "
            + "notes go to the slow agent. CPU and memory: the hosts' apps and sidecars.";

    /** Every run, a row each: what was sent and delivered, duplicates, losses, order, latency, throughput. */
    private static final String BROKER_MATRIX_NOTE = "From the broker-matrix runs: the broker-probe agents, unchanged, "
            + "behind daprd with each broker's components/ folder — ✓ held, ✗ not, with what was measured. Every ✗ is a "
            + "named gap of that broker (below), asserted by the run: a cell that differs from the declared gaps fails it. "
            + "Latency from each probe's due time at 1,000/s; throughput as fast as one publisher's window of 1,000 goes.";

    /** The broker matrix: a row per property, a column per broker the run measured. */
    String brokerMatrixTable() {
        return mdTable(brokerMatrixHeader(), brokerMatrixRows());
    }

    private List<String> brokerMatrixHeader() {
        List<String> header = new ArrayList<>(List.of("property"));
        header.addAll(results.capabilities().keySet());
        return header;
    }

    private List<List<String>> brokerMatrixRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Property property : Property.values()) {
            List<String> row = new ArrayList<>(List.of(property.label()));
            for (List<Capability> cells : results.capabilities().values()) {
                row.add(cells.stream().filter(c -> c.property().equals(property.key())).findFirst().map(Capability::cell).orElse(""));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The gaps of the brokers the matrix measured, as the report lists them. */
    String brokerGapsList() {
        return brokerGaps(gap -> "- **" + gap.broker() + "** (`" + gap.name() + "`" + (gap.intermittent() ? ", intermittent" : "")
                + "): " + gap.description());
    }

    /** The gaps of the brokers the matrix measured, one line each. */
    private String brokerGaps(java.util.function.Function<BrokerGap, String> line) {
        Map<String, List<Capability>> matrix = results.capabilities();
        StringBuilder text = new StringBuilder();
        for (BrokerGap gap : BrokerGap.values()) {
            if (matrix.containsKey(gap.broker())) {
                text.append(line.apply(gap)).append('\n');
            }
        }
        return text.toString();
    }

    String runsTable() {
        return mdTable(List.of(COLUMNS), entries.stream().map(Report::cells).toList());
    }

    /** What the processes of each kind spent in each run. */
    String costsTable() {
        return mdTable(COST_COLUMNS, costRows());
    }

    /** Each sync-vs-async style: answered, latency, throughput, with a normal and a slow risk-agent. */
    String syncTable() {
        return mdTable(SYNC_COLUMNS, syncRows());
    }

    /** The benchmark scenario's own report (benchmarks.md's text) of both implementations' paths, when it ran. */
    private String benchmarks() {
        return benchmarkResults().map(b -> new BenchmarkReport(b).markdown()).orElse("");
    }

    /** The benchmark runs of every implementation, as one set of benchmark results with their targets. */
    Optional<BenchmarkResults> benchmarkResults() {
        List<BenchmarkResults> each = results.runs(BenchmarkScenario.NAME).map(run -> run.details(BenchmarkResults.class))
                .flatMap(Optional::stream).toList();
        if (each.isEmpty()) {
            return Optional.empty();
        }
        BenchmarkResults first = each.get(0);
        BenchmarkResults all = new BenchmarkResults(first.schemaVersion(), results.command(), first.startedAt(), null, first.broker(),
                first.settings(), first.versions(), each.stream().allMatch(BenchmarkResults::passed),
                each.stream().flatMap(b -> b.results().stream()).toList(), null, null);
        return Optional.of(all.withTargets(new BenchmarkReport(all).targets()));
    }

    public String html() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>agent-society comparison</title>"
                + "<style>body{font-family:sans-serif;max-width:72em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}td:first-child,td:nth-child(2),th{text-align:left}"
                + ".fail{color:#b00}</style></head><body>");
        html.append("<h1>agent-society: direct-kafka and Dapr, side by side</h1><p><code>").append(esc(results.command()))
                .append("</code>, ").append(esc(results.startedAt())).append(". Broker: ").append(esc(results.broker()))
                .append(". Versions: ").append(esc(versions())).append(".</p>");
        List<Verdict.Row> verdict = new Verdict(results).rows();
        if (!verdict.isEmpty()) {
            html.append("<h2 id=\"verdict\">Verdict</h2>").append(htmlTable(Verdict.COLUMNS, verdict.stream().map(Verdict.Row::cells).toList()))
                    .append("<h2>Every run</h2>");
        }
        html.append(htmlTable(List.of(COLUMNS), entries.stream().map(Report::cells).toList()));
        section(html, "Throughput", Charts.throughput(entries));
        section(html, "Scale: events against synchronous calls", Charts.scaleCurves(results.runs(ScaleScenario.NAME).toList()));
        section(html, "Latency by percentile", Charts.latencyPercentiles(entries));
        List<List<String>> costs = costRows();
        if (!costs.isEmpty()) {
            html.append("<h2>What the processes spent</h2>").append(Charts.cpuPerThousandMessages(entries))
                    .append(Charts.memory(entries)).append(htmlTable(COST_COLUMNS, costs));
        }
        List<List<String>> sync = syncRows();
        if (!sync.isEmpty()) {
            html.append("<h2>Sync versus async (request-reply)</h2>").append(htmlTable(SYNC_COLUMNS, sync));
        }
        if (results.capabilities() != null) {
            html.append("<h2>The same Dapr agents on each broker</h2>").append(htmlTable(brokerMatrixHeader(), brokerMatrixRows()))
                    .append("<p>").append(esc(BROKER_MATRIX_NOTE)).append("</p><ul>")
                    .append(brokerGaps(gap -> "<li><b>" + gap.broker() + "</b>: " + esc(gap.description()) + "</li>")).append("</ul>");
        }
        html.append("<h2>Guarantees</h2>").append(htmlTable(List.of("", "direct-kafka", "dapr"), guarantees())).append("<ul>");
        for (CapabilityGap gap : CapabilityGap.values()) {
            html.append("<li><b>").append(gap.lacking().label()).append("</b>: ").append(esc(gap.description())).append("</li>");
        }
        html.append("</ul><h2>Transport layers</h2>").append(htmlTable(List.of("module", "Java files", "lines of code"), sizeRows()));
        if (benchmarkResults().isPresent()) {
            html.append("<h2>Benchmarks</h2><pre>").append(esc(benchmarks())).append("</pre>");
        }
        return html.append("</body></html>\n").toString();
    }

    /** A heading and its charts, or nothing when no run measured what they show. */
    private static void section(StringBuilder html, String heading, String charts) {
        if (!charts.isEmpty()) {
            html.append("<h2>").append(heading).append("</h2>").append(charts);
        }
    }

    private static final List<String> SYNC_COLUMNS = List.of("implementation", "risk-agent", "style", "answered",
            "p50 ms", "p99 ms", "per s");

    private static final List<String> COST_COLUMNS = List.of("scenario", "implementation", "agents CPU s", "agents RSS MB",
            "sidecars CPU s", "sidecars RSS MB", "broker CPU s", "runner CPU s");

    private List<List<String>> costRows() {
        List<List<String>> rows = new ArrayList<>();
        for (ScenarioResult entry : entries) {
            if (entry.processes() == null) {
                continue;
            }
            double[] cpu = new double[4];
            double[] rss = new double[4];
            for (ProcessCost process : entry.processes()) {
                int kind = process.agent() ? 0 : process.sidecar() ? 1 : process.broker() ? 2 : 3;
                cpu[kind] += process.cpuSeconds();
                rss[kind] += Math.max(0, process.peakRssMb());
            }
            rows.add(List.of(label(entry), entry.implementation(), number(cpu[0]),
                    number(rss[0]), rss[1] == 0 ? "–" : number(cpu[1]), rss[1] == 0 ? "–" : number(rss[1]), number(cpu[2]), number(cpu[3])));
        }
        return rows;
    }

    private static final List<List<String>> GUARANTEES = List.of(
            List.of("delivery", "at-least-once: offsets committed after the handler's answer is acknowledged",
                    "at-least-once: the sidecar marks a message after the app's 2xx"),
            List.of("producer retries", "idempotent producer: no duplicate, no reordering", "sarama, not idempotent: a retried batch can duplicate"),
            List.of("per-key order", "record key = entity id; one poll loop per member", "partitionKey = entity id; each partition delivered in order"),
            List.of("rebalance", "ConsumerRebalanceListener commits before revocation", "handled inside daprd; the app is not told"),
            List.of("replay", "seek to an offset or a timestamp", "a new consumer group from the oldest offset"),
            List.of("dead letters", "<topic>-dlq with the reason, always", "<topic>-dlq with the reason, except what daprd drops itself"),
            List.of("transactions", "read-process-write with sendOffsetsToTransaction", "none in pub/sub; state-store transactions and outbox"));

    static final String BROKER_FAULTS_NOTE = "\nEach fault lands while payments flow through the variant's own publisher "
            + "and the event-sourced ledger decides them: a broker fault on three brokers (replication factor 3, "
            + "min.insync.replicas 2), a network fault in Toxiproxy between each client (Dapr: each daprd) and the brokers. Lost: acknowledged but not in the log, read with a plain consumer. Stalls: the longest time "
            + "without an acknowledgement, and without a ledger decision. The weak-settings row is the contrast: acks=1 "
            + "(direct) on a topic at min.insync.replicas 1 with unclean election; Dapr's component has no setting below "
            + "WaitForAll.\n";

    /** The fixed rows, and the durability rows from the broker-faults and network-faults runs the results hold. */
    static final String SECURITY_NOTE = "\nOn a cluster of its own: SASL/SCRAM-SHA-512 over TLS for every client and broker, the "
            + "controller listener on mutual TLS, KRaft's StandardAuthorizer with no access where no ACL grants it, and the ACLs "
            + "of topology/topics.yaml (`./topics apply`). Dapr adds its scopes, from the same spec, and its API tokens.\n";

    private List<List<String>> securityRows() {
        Map<String, SecurityDetails> byImplementation = new LinkedHashMap<>();
        results.runs(SecurityScenario.NAME).filter(run -> run.error() == null)
                .forEach(run -> byImplementation.put(run.implementation(), run.details(SecurityDetails.class).orElseThrow()));
        if (byImplementation.isEmpty()) {
            return List.of();
        }
        Function<Function<SecurityDetails, String>, List<String>> row = cell -> List.of(
                Optional.ofNullable(byImplementation.get("direct-kafka")).map(cell).orElse("not run"),
                Optional.ofNullable(byImplementation.get("dapr")).map(cell).orElse("not run"));
        List<List<String>> rows = new ArrayList<>();
        List<String> refused = row.apply(d -> d.checks().stream().filter(c -> !c.allowed() && c.held()).count() + " of "
                + d.checks().stream().filter(c -> !c.allowed()).count() + " forbidden attempts refused");
        rows.add(List.of("security: refused", refused.get(0), refused.get(1)));
        List<String> cost = row.apply(d -> d.costs().size() < 2 ? "not measured" : "p50 " + number(d.costs().get(0).p50Ms())
                + " -> " + number(d.costs().get(1).p50Ms()) + " ms, p99 " + number(d.costs().get(0).p99Ms()) + " -> "
                + number(d.costs().get(1).p99Ms()) + " ms at " + number(d.costs().get(0).offeredPerSec()) + "/s; at most "
                + number(d.costs().get(0).maxPerSec()) + " -> " + number(d.costs().get(1).maxPerSec()) + "/s");
        rows.add(List.of("security: TLS + SASL cost (plaintext -> SASL_SSL)", cost.get(0), cost.get(1)));
        rows.addAll(SECURITY_GUARANTEES);
        return rows;
    }

    private static final List<List<String>> SECURITY_GUARANTEES = List.of(
            List.of("security: enforced where", "the broker alone: SASL/SCRAM per agent, TLS, ACLs per topic, group and transactional id",
                    "the broker (the same SASL, TLS and ACLs, per app-id); daprd: publishing/subscription scopes, DAPR_API_TOKEN, "
                            + "mTLS between sidecars (Sentry); the app: APP_API_TOKEN"),
            List.of("security: what an attacker on the host can still do",
                    "read an agent's client properties file (its password) and act as that agent, within its ACLs",
                    "read daprd's environment (/proc/<pid>/environ: its Kafka password and tokens) and act as that app-id, "
                            + "within its ACLs; start a daprd of its own: self-hosted Sentry signs a certificate for any app-id claimed"));

    private List<List<String>> guarantees() {
        List<List<String>> rows = new ArrayList<>(GUARANTEES);
        rows.addAll(securityRows());
        Map<String, List<FaultRun>> byImplementation = new LinkedHashMap<>();
        Stream.of(TransportFaultsScenario.BROKER_FAULTS, TransportFaultsScenario.NETWORK_FAULTS).flatMap(results::runs)
                .filter(run -> run.error() == null).forEach(run -> byImplementation.computeIfAbsent(run.implementation(),
                        i -> new ArrayList<>()).addAll(run.details(FaultsDetails.class).orElseThrow().faults()));
        if (byImplementation.isEmpty()) {
            return rows;
        }
        rows.add(durabilityRow(byImplementation, "acknowledged lost, transport faults", runs -> {
            List<FaultRun> guarded = runs.stream().filter(r -> !r.contrast()).toList();
            return guarded.stream().mapToLong(FaultRun::acknowledgedLost).sum() + " of " + DocTables.count(guarded.stream()
                    .mapToLong(FaultRun::acknowledged).sum()) + " acknowledged, through " + guarded.size() + " faults";
        }));
        rows.add(durabilityRow(byImplementation, "acknowledged lost, weak settings", runs -> runs.stream()
                .filter(FaultRun::contrast).map(r -> r.acknowledgedLost() + " of " + DocTables.count(r.acknowledged()))
                .findFirst().orElse("not run")));
        rows.add(durabilityRow(byImplementation, "acknowledged with 2 of 3 brokers down", runs -> runs.stream()
                .filter(r -> r.fault().equals("MIN_ISR_LOST")).map(r -> r.acknowledgedBelowMinIsr() + " ("
                        + r.refused() + " refused, the rest waited)").findFirst().orElse("not run")));
        rows.add(durabilityRow(byImplementation, "copies on the topic, transport faults", runs -> runs.stream()
                .filter(r -> !r.contrast()).mapToLong(FaultRun::copies).sum() + " (" + runs.stream()
                .mapToLong(FaultRun::refusedButWritten).sum() + " refused yet written)"));
        rows.add(durabilityRow(byImplementation, "longest stall, publish / ledger", runs -> Report.number(runs.stream()
                .mapToDouble(FaultRun::publishStallSeconds).max().orElse(0)) + " s / " + Report.number(runs.stream()
                .mapToDouble(FaultRun::ledgerStallSeconds).max().orElse(0)) + " s"));
        return rows;
    }

    private static List<String> durabilityRow(Map<String, List<FaultRun>> byImplementation, String label,
            Function<List<FaultRun>, String> cell) {
        return List.of(label, Optional.ofNullable(byImplementation.get("direct-kafka")).map(cell).orElse("not run"),
                Optional.ofNullable(byImplementation.get("dapr")).map(cell).orElse("not run"));
    }

    private List<List<String>> syncRows() {
        List<List<String>> rows = new ArrayList<>();
        results.runs("sync-vs-async").forEach(entry -> entry.details(SyncVsAsyncDetails.class).ifPresent(details ->
                details.styles().forEach((style, figures) -> {
                    String[] parts = style.split("-", 2);
                    rows.add(List.of(entry.implementation(), parts[1], parts[0], Integer.toString(figures.answered()),
                            number(figures.latencyMs().p50()), number(figures.latencyMs().p99()), number(figures.throughputPerSec())));
                })));
        return rows;
    }

    static List<List<String>> sizeRows() {
        List<List<String>> rows = new ArrayList<>();
        for (String module : List.of("direct-kafka", "agents")) {
            Path sources = Repo.root().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                // the broker matrix's probe agent measures the components; it is no part of the society's transport
                List<Path> java = files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/brokerprobe/")).toList();
                long lines = 0;
                for (Path file : java) {
                    lines += codeLines(Files.readAllLines(file));
                }
                rows.add(List.of(module, Integer.toString(java.size()), Long.toString(lines)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    static long codeLines(List<String> lines) {
        long count = 0;
        boolean inComment = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (inComment) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            if (!line.isEmpty() && !line.startsWith("//") && !line.startsWith("import ") && !line.startsWith("package ")) {
                count++;
            }
        }
        return count;
    }

    private String versions() {
        List<String> parts = new ArrayList<>();
        results.versions().forEach((part, version) -> parts.add(part + " " + version));
        return String.join(", ", parts);
    }

    private static List<String> cells(ScenarioResult e) {
        ScenarioResult.Latency latency = e.latencyMs();
        return List.of(label(e), e.implementation(), text(e.sent()), text(e.delivered()), text(e.duplicates()), text(e.lost()),
                text(e.orderViolations()), latency == null ? "" : number(latency.p50()), latency == null ? "" : number(latency.p95()),
                latency == null ? "" : number(latency.p99()), latency == null ? "" : number(latency.max()),
                e.throughputPerSec() == null ? "" : number(e.throughputPerSec()), e.passed() ? "yes" : "NO");
    }

    /** A run's name in the tables: its scenario, and for fan-out the offered rate ({@code fan-out @ 1000/s}). */
    /** The run's label: the scenario (fan-out with its rate), and the broker where it is not Kafka. */
    static String label(ScenarioResult e) {
        String label = fanOutRate(e).map(rate -> "fan-out @ " + (rate <= 0 ? "max" : number(rate) + "/s")).orElse(e.scenario());
        return e.broker() == null || e.broker().equals("kafka") ? label : label + " on " + e.broker();
    }

    /** The rate fan-out was offered (0 for max); empty for another scenario. */
    static Optional<Double> fanOutRate(ScenarioResult e) {
        return e.scenario().equals("fan-out") ? e.details(FanOutDetails.class).map(FanOutDetails::rate) : Optional.empty();
    }

    private static String text(Long count) {
        return count == null ? "" : count.toString();
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String mdTable(List<String> header, List<List<String>> rows) {
        StringBuilder md = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append('\n');
        rows.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return md.toString();
    }

    private static String htmlTable(List<String> header, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table><tr>");
        header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr>");
        rows.forEach(row -> {
            html.append("<tr>");
            row.forEach(cell -> html.append(cell.equals("NO") ? "<td class=\"fail\">" : "<td>").append(esc(cell)).append("</td>"));
            html.append("</tr>");
        });
        return html.append("</table>").toString();
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
