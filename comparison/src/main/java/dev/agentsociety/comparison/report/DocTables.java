package dev.agentsociety.comparison.report;

import dev.agentsociety.comparison.bench.BenchmarkReport;
import dev.agentsociety.comparison.bench.BenchmarkResults;
import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.comparison.scenario.exactlyonce.FaultsDetails;
import dev.agentsociety.comparison.scenario.exactlyonce.TransportFaultsScenario;
import dev.agentsociety.comparison.scenario.scale.ScaleDetails;
import dev.agentsociety.comparison.scenario.scale.ScaleScenario;
import dev.agentsociety.comparison.scenario.security.SecurityDetails;
import dev.agentsociety.comparison.scenario.security.SecurityScenario;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceDetails;
import dev.agentsociety.comparison.scenario.fanout.FanOutDetails;
import dev.agentsociety.comparison.scenario.poison.PoisonDetails;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The figures in the docs, never typed by hand: a table in README.md or under docs/ stands between
 * {@code <!-- table NAME from PATH -->} and {@code <!-- /table -->}, and is what {@link #render} makes of the
 * committed results file at PATH. {@code ./compare docs} writes every such table; {@code DocTablesTest} fails when one
 * differs from its results file (a figure edited by hand, or results replaced without the docs). It also writes
 * again the {@code report.md} and {@code report.html} beside each results file those tables name.
 */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "Rewrites every results table in README.md and docs/ from the committed results.json it names.")
public final class DocTables implements Callable<Integer> {

    static final Pattern BLOCK = Pattern.compile("(<!-- table ([a-z-]+) from (\\S+) -->\\n)(.*?)(<!-- /table -->)", Pattern.DOTALL);

    private static final Map<String, Function<Path, String>> TABLES = Map.ofEntries(
            Map.entry("fan-out-curve", file -> fanOutCurve(Results.read(file))),
            Map.entry("fan-out-sidecars", file -> fanOutSidecars(Results.read(file))),
            Map.entry("fan-out-goals", file -> fanOutGoals(Results.read(file))),
            Map.entry("poison", file -> poison(Results.read(file))),
            Map.entry("runs", file -> new Report(Results.read(file)).runsTable()),
            Map.entry("broker-matrix", file -> new Report(Results.read(file)).brokerMatrixTable()),
            Map.entry("broker-gaps", file -> new Report(Results.read(file)).brokerGapsList()),
            Map.entry("costs", file -> new Report(Results.read(file)).costsTable()),
            Map.entry("sync-vs-async", file -> new Report(Results.read(file)).syncTable()),
            Map.entry("verdict", file -> new Verdict(Results.read(file)).markdown()),
            Map.entry("exactly-once", file -> exactlyOnce(Results.read(file))),
            Map.entry("transport-faults", file -> transportFaults(Results.read(file))),
            Map.entry("security-checks", file -> securityChecks(Results.read(file))),
            Map.entry("security-cost", file -> securityCost(Results.read(file))),
            Map.entry("scale-curve", file -> scaleCurve(Results.read(file))),
            Map.entry("scale-stops", file -> scaleStops(Results.read(file))),
            Map.entry("scale-projection", file -> scaleProjection(Results.read(file))),
            Map.entry("versions", file -> versions(Results.read(file))),
            Map.entry("timings", DocTables::timings),
            Map.entry("benchmark-paths", file -> new BenchmarkReport(BenchmarkResults.read(file)).pathsTable()),
            Map.entry("benchmark-targets", file -> new BenchmarkReport(BenchmarkResults.read(file)).targetsTable()),
            Map.entry("benchmark-legs", file -> new BenchmarkReport(BenchmarkResults.read(file)).whereTheTimeGoes()),
            Map.entry("benchmark-growth", file -> new BenchmarkReport(BenchmarkResults.read(file)).growthTable()));

    /**
     * The fan-out goals on the 2-core machine (issue "Production-grade agents"): answered signups per second at max,
     * and the p99 at 1,000 signups/s offered.
     */
    record Goal(String implementation, String measure, double rate, boolean atLeast, double target) {
    }

    static final List<Goal> GOALS = List.of(new Goal("direct-kafka", "answered per s", 0, true, 3_000),
            new Goal("dapr", "answered per s", 0, true, 1_000), new Goal("direct-kafka", "p99 ms", 1_000, false, 50),
            new Goal("dapr", "p99 ms", 1_000, false, 100));

    @Override
    public Integer call() throws IOException {
        Set<String> resultsFiles = new TreeSet<>();
        for (Path doc : documents()) {
            Matcher block = BLOCK.matcher(Files.readString(doc));
            while (block.find()) {
                resultsFiles.add(block.group(3));
            }
        }
        for (String results : resultsFiles) {
            // the reports beside each results file, as ./compare wrote them, with what the report has learnt since
            Path file = Repo.root().resolve(results);
            if (!Files.isRegularFile(file)) { // a folder of runs (the timings)
                continue;
            }
            if (file.getFileName().toString().equals("benchmarks.json")) { // ./benchmark's own
                Files.writeString(file.resolveSibling("benchmarks.md"), new BenchmarkReport(BenchmarkResults.read(file)).markdown());
                continue;
            }
            Report report = new Report(Results.read(file));
            Files.writeString(file.resolveSibling("report.md"), report.markdown());
            Files.writeString(file.resolveSibling("report.html"), report.html());
        }
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            String rendered = renderAll(text);
            if (!rendered.equals(text)) {
                Files.writeString(doc, rendered);
                System.out.println("docs: rewrote the tables of " + Repo.root().relativize(doc));
            }
        }
        return 0;
    }

    /** A table cell that is a figure: a number, with a unit or a factor perhaps ({@code 2,151.7}, {@code 35 ms}, {@code 2.1×}). */
    private static final Pattern FIGURE = Pattern.compile("[~≈]?-?\\d[\\d,.]*\\s*(ms|s|%|/s|MB|KB|×|x)?");

    /**
     * The rows of Markdown tables outside the generated blocks that hold two figures or more: results typed by hand.
     * (A table of settings has at most one number per row; what this does not see is a figure in prose.)
     */
    static List<String> handTypedFigures(String text) {
        List<String> rows = new ArrayList<>();
        for (String line : BLOCK.matcher(text).replaceAll("").split("\n")) {
            if (line.startsWith("|") && !line.matches("[|\\-: ]+")) {
                long figures = Stream.of(line.substring(1).split("\\|")).map(cell -> cell.strip().replaceAll("^[*`]+|[*`]+$", ""))
                        .filter(cell -> FIGURE.matcher(cell).matches()).count();
                if (figures >= 2) {
                    rows.add(line);
                }
            }
        }
        return rows;
    }

    /** README.md and every Markdown file under docs/. */
    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Repo.root().resolve("README.md")));
        try (Stream<Path> files = Files.walk(Repo.root().resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md") && !f.toString().contains("/results/")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The document with each marked table as its results file makes it. */
    static String renderAll(String text) {
        Matcher block = BLOCK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            block.appendReplacement(out, Matcher.quoteReplacement(block.group(1) + render(block.group(2), block.group(3)) + block.group(5)));
        }
        return block.appendTail(out).toString();
    }

    /** Table NAME of the results file at PATH (relative to the repository). */
    static String render(String name, String resultsPath) {
        Function<Path, String> table = TABLES.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table '" + name + "'; there are " + TABLES.keySet());
        }
        return table.apply(Repo.root().resolve(resultsPath));
    }

    private static String offered(ScenarioResult run) {
        double rate = Report.fanOutRate(run).orElse(0.0);
        return rate <= 0 ? "max" : Report.number(rate) + "/s";
    }

    private static String pair(Latency latency) {
        return latency == null ? "" : Report.number(latency.p50()) + " / " + Report.number(latency.p99());
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String fanOutCurve(Results results) {
        // a run that did not complete has no figures to show (the runs table says it failed)
        List<List<String>> rows = results.runs("fan-out").filter(run -> run.error() == null).map(run -> {
            FanOutDetails details = run.details(FanOutDetails.class).orElseThrow();
            return List.of(offered(run), run.implementation(), count(details.timedSignups()),
                    String.format(Locale.ROOT, "%.1f", run.throughputPerSec()), pair(run.latencyMs()),
                    pair(details.legsMs().publish()), pair(details.legsMs().agents()), String.format(Locale.ROOT, "%.1f", run.cpuSeconds()));
        }).toList();
        return Report.mdTable(List.of("offered", "implementation", "signups timed", "answered per s", "p50 / p99 ms",
                "publish p50 / p99", "agents p50 / p99", "CPU s"), rows);
    }

    static String fanOutSidecars(Results results) {
        List<List<String>> rows = new ArrayList<>();
        results.runs("fan-out").forEach(run -> run.details(FanOutDetails.class).map(FanOutDetails::sidecars).orElse(Map.of())
                .forEach((agent, s) -> rows.add(s.deliveries() == null ? List.of(offered(run), agent, "unreachable", "", "", "", "")
                        : List.of(offered(run), agent, count(s.deliveries()), Report.number(s.eventsPerDelivery()),
                                Report.number(s.appMsPerDelivery()), Report.number(s.publishMsPerCall()),
                                String.format(Locale.ROOT, "%.2f", s.appBusyShare())))));
        return Report.mdTable(List.of("offered", "Dapr agent", "deliveries", "signups per delivery", "app ms per delivery",
                "publish ms per call", "app busy share"), rows);
    }

    static String fanOutGoals(Results results) {
        List<List<String>> rows = new ArrayList<>();
        for (Goal goal : GOALS) {
            results.runs("fan-out").filter(run -> run.error() == null && run.implementation().equals(goal.implementation())
                    && Report.fanOutRate(run).orElse(-1.0) == goal.rate()).findFirst().ifPresent(run -> {
                        double measured = goal.atLeast() ? run.throughputPerSec() : run.latencyMs().p99();
                        boolean met = goal.atLeast() ? measured >= goal.target() : measured <= goal.target();
                        double off = Math.abs(measured - goal.target()) / goal.target() * 100;
                        rows.add(List.of(goal.implementation(), goal.measure() + " at " + offered(run),
                                (goal.atLeast() ? "≥ " : "≤ ") + Report.number(goal.target()), Report.number(measured),
                                met ? "met" : String.format(Locale.ROOT, "missed by %s (%.0f %%)",
                                        Report.number(Math.abs(measured - goal.target())), off)));
                    });
        }
        return Report.mdTable(List.of("implementation", "goal", "target", "measured", "verdict"), rows);
    }

    static String poison(Results results) {
        List<List<String>> rows = results.runs("poison").filter(run -> run.error() == null).map(run -> {
            List<String> lags = run.details(PoisonDetails.class).orElseThrow().lagAfter().values().stream().map(String::valueOf).toList();
            boolean sameLag = lags.stream().distinct().count() == 1;
            return List.of(run.implementation(), String.valueOf(run.sent()), String.valueOf(run.delivered()),
                    String.valueOf(run.lost()), String.valueOf(run.duplicates()), String.valueOf(run.unexpected()),
                    sameLag ? lags.get(0) + " ×" + lags.size() : String.join(", ", lags), run.passed() ? "yes" : "NO");
        }).toList();
        return Report.mdTable(List.of("poison", "sent (records × readers)", "delivered", "lost", "duplicates", "unexpected",
                "lag after", "passed"), rows);
    }

    /** The event-sourced ledger under its fault: each variant, the agent it ran, and what the log showed. */
    static String exactlyOnce(Results results) {
        List<List<String>> rows = Stream.concat(results.runs("exactly-once"), results.runs("exactly-once-naive"))
                .filter(run -> run.error() == null).map(run -> {
                    ExactlyOnceDetails d = run.details(ExactlyOnceDetails.class).orElseThrow();
                    return List.of(run.implementation(), d.agent(), d.fault(),
                            count(run.sent()) + " (" + count(d.paymentsPublishedTwice()) + " twice)",
                            count(run.delivered()) + " (" + count(d.withdrawn()) + " withdrawn, " + count(d.rejected()) + " refused)",
                            String.valueOf(d.paymentsDecidedMoreThanOnce()), String.valueOf(run.duplicates()), String.valueOf(run.lost()),
                            String.valueOf(d.decidedUnlikeTheReference()), String.valueOf(d.eventsPublishedAgain()),
                            String.valueOf(run.orderViolations()), Report.number(d.seconds()) + " s");
                }).toList();
        return Report.mdTable(List.of("implementation", "agent", "fault", "payments sent", "outcomes", "decided more than once",
                "extra effects", "lost", "unlike the reference", "events on the topic again", "out of sequence", "time"), rows);
    }

    /** Each broker fault on each variant: what the publisher was told, what the log holds, how long nothing moved. */
    static String transportFaults(Results results) {
        List<List<String>> rows = Stream.of(TransportFaultsScenario.BROKER_FAULTS, TransportFaultsScenario.NETWORK_FAULTS).flatMap(results::runs).filter(run -> run.error() == null)
                .flatMap(run -> run.details(FaultsDetails.class).orElseThrow().faults().stream().map(f -> List.of(
                        run.implementation(), f.description(), count(f.sent()), count(f.acknowledged()),
                        count(f.refused()) + (f.refusedButWritten() > 0 ? " (" + f.refusedButWritten() + " written)" : ""),
                        String.valueOf(f.acknowledgedLost()), String.valueOf(f.copies()), String.valueOf(f.orderViolations()),
                        String.valueOf(f.undecided() + f.extraEffects() + f.decidedUnlikeTheReference() + f.outOfSequence()),
                        Report.number(f.publishStallSeconds()) + " s", Report.number(f.ledgerStallSeconds()) + " s",
                        f.passed() ? "yes" : "NO")))
                .toList();
        return Report.mdTable(List.of("implementation", "fault", "sent", "acknowledged", "refused", "acknowledged lost",
                "copies", "order violations", "ledger wrong", "publish stall", "ledger stall", "passed"), rows);
    }

    /** Each attempt of the security scenario, per variant: who enforced it and what the user saw. */
    static String securityChecks(Results results) {
        List<List<String>> rows = results.runs(SecurityScenario.NAME).filter(run -> run.error() == null)
                .flatMap(run -> run.details(SecurityDetails.class).orElseThrow().checks().stream().map(c -> List.of(
                        run.implementation(), (c.allowed() ? "allowed: " : "") + c.check(), c.where(),
                        c.allowed() ? (c.held() ? "worked" : "FAILED") : (c.held() ? "refused" : "NOT REFUSED"),
                        "`" + c.observed().replace("|", "\\|").replace("`", "'") + "`")))
                .toList();
        return Report.mdTable(List.of("implementation", "attempt", "enforced by", "outcome", "what the user sees"), rows);
    }

    /** What TLS + SASL cost each variant's publisher, against plaintext in the same run. */
    static String securityCost(Results results) {
        List<List<String>> rows = results.runs(SecurityScenario.NAME).filter(run -> run.error() == null)
                .flatMap(run -> run.details(SecurityDetails.class).orElseThrow().costs().stream().map(c -> List.of(
                        run.implementation(), c.transport(), count(c.messages()), Report.number(c.offeredPerSec()),
                        Report.number(c.throughputPerSec()), Report.number(c.p50Ms()), Report.number(c.p99Ms()), Report.number(c.maxMs()),
                        Report.number(c.maxPerSec()))))
                .toList();
        return Report.mdTable(List.of("implementation", "transport", "messages", "offered /s", "acknowledged /s", "p50 ms",
                "p99 ms", "max ms", "all at once: acknowledged /s"), rows);
    }

    /** Each run of the scale scenario: population, style, slow agent, and what it achieved and cost. */
    static String scaleCurve(Results results) {
        List<List<String>> rows = new ArrayList<>();
        results.runs(ScaleScenario.NAME).filter(run -> run.error() == null).forEach(run -> {
            for (ScaleDetails.Run r : run.details(ScaleDetails.class).orElseThrow().runs()) {
                rows.add(List.of(run.implementation(), count(r.agents()), r.style() + (r.slow() ? ", one slow" : ""),
                        Report.number(r.offeredPerSec()), Report.number(r.activitiesPerSec()), pair(r.latencyMs()),
                        r.othersLatencyMs() == null ? "" : pair(r.othersLatencyMs()), Report.number(r.cpuMsPer1000Events()),
                        Report.number(cores(r)), Report.number(r.hostPeakRssMb()), Report.number(r.rssMbPer1000Agents()),
                        count(r.notesTaken()) + " / " + count(r.notesExpected()) + (r.missing() + r.unexpected() > 0
                                ? " (" + r.missing() + " missing, " + r.unexpected() + " unexpected)" : ""),
                        r.badInput().deadLettered() + " / " + r.badInput().sent(), r.completed() ? "yes" : "NO"));
            }
        });
        return Report.mdTable(List.of("implementation", "agents", "style", "offered /s", "achieved /s", "p50 / p99 ms",
                "others' p50 / p99 ms", "CPU ms per 1,000 events", "hosts' cores busy", "hosts' peak MB",
                "MB per 1,000 agents", "notes taken", "bad records dead-lettered", "in time"), rows);
    }

    /** The cores a run's hosts kept busy: their CPU seconds over the time from the first activity due to the last note. */
    private static double cores(ScaleDetails.Run run) {
        return run.activitiesPerSec() == 0 ? 0 : run.hostCpuSeconds() * run.activitiesPerSec() / run.activities();
    }

    /** Where each variant's style stopped scaling, as the scenario judged it from its runs, and how busy its hosts were. */
    static String scaleStops(Results results) {
        List<List<String>> rows = new ArrayList<>();
        results.runs(ScaleScenario.NAME).filter(run -> run.error() == null).forEach(run -> {
            ScaleDetails details = run.details(ScaleDetails.class).orElseThrow();
            for (String style : List.of("events", "sync")) {
                List<ScaleDetails.Run> plain = details.runs().stream().filter(r -> r.style().equals(style) && !r.slow()).toList();
                if (plain.isEmpty()) {
                    continue;
                }
                Optional<ScaleDetails.Stop> stop = details.stoppedScaling().stream().filter(s -> s.style().equals(style)).findFirst();
                ScaleDetails.Run at = stop.flatMap(s -> plain.stream().filter(r -> r.agents() == s.agents()).findFirst())
                        .orElse(plain.get(plain.size() - 1));
                rows.add(List.of(run.implementation(), style, stop.map(s -> count(s.agents()) + " agents").orElse("did not stop"),
                        stop.map(ScaleDetails.Stop::reason).orElse("kept up to " + count(at.agents()) + " agents"),
                        Report.number(cores(at))));
            }
        });
        return Report.mdTable(List.of("implementation", "style", "stopped scaling at", "why", "hosts' cores busy there"), rows);
    }

    /**
     * A projection, not a measurement: the cores, instances and partitions the measured CPU per event implies for a
     * cluster whose customers each act once a second (an activity and its three notes: four events), from each style's
     * run with the highest achieved rate (CPU per event falls as the load rises and fixed costs spread, so that run is
     * the nearest to the cost of one more event). An instance gets a core (Dapr: app and sidecar share it, as they
     * shared the measured CPU); a consumer group uses no more instances than partitions. Linear, which a real cluster
     * is not: it leaves out the brokers, the network between machines, and whatever stopped the curve.
     */
    static String scaleProjection(Results results) {
        List<List<String>> rows = new ArrayList<>();
        results.runs(ScaleScenario.NAME).filter(run -> run.error() == null).forEach(run -> {
            ScaleDetails details = run.details(ScaleDetails.class).orElseThrow();
            for (String style : List.of("events", "sync")) {
                details.runs().stream().filter(r -> r.style().equals(style) && !r.slow() && r.completed())
                        .max(Comparator.comparingDouble(ScaleDetails.Run::activitiesPerSec)).ifPresent(r -> {
                            for (int customers : List.of(10_000, 100_000)) {
                                double cores = r.cpuMsPer1000Events() * customers * (1 + CustomerAgents.PEERS) / 1_000_000.0;
                                long instances = Math.max(1, (long) Math.ceil(cores));
                                rows.add(List.of(run.implementation(), style, count(customers), count(r.agents()) + " agents, "
                                        + Report.number(r.activitiesPerSec()) + " /s", Report.number(r.cpuMsPer1000Events()),
                                        Report.number(cores), count(instances) + (run.implementation().equals("dapr")
                                                ? " apps + " + count(instances) + " sidecars" : " instances"),
                                        count(Math.max(instances, 6))));
                            }
                        });
            }
        });
        return Report.mdTable(List.of("implementation", "style", "customers (one activity each per second)",
                "from the run", "CPU ms per 1,000 events", "projected cores", "projected instances", "partitions at least"), rows);
    }

    /** A timed CI run, as {@code tools/time-ci.sh} wrote it. */
    record CiRun(String command, String commit, String startedAt, String caches, long seconds, long tests, int exitCode,
            String machine) {
    }

    /**
     * How long the test suite and the two main jobs took, each from the file its run left in {@code folder}:
     * {@code ci/ci-run.json} (tools/time-ci.sh), {@code all-scenarios/results.json} (./compare) and
     * {@code benchmark/benchmarks.json} (./benchmark) — a row for each that is there and says its time.
     */
    static String timings(Path folder) {
        List<List<String>> rows = new ArrayList<>();
        Path ci = folder.resolve("ci/ci-run.json");
        if (Files.isRegularFile(ci)) {
            try {
                CiRun run = EventJson.mapper().readValue(ci.toFile(), CiRun.class);
                rows.add(List.of("`" + run.command() + "` on a clean clone of " + run.commit() + ", " + run.caches() + " caches, "
                        + run.tests() + " tests" + (run.exitCode() == 0 ? "" : ", FAILED (exit " + run.exitCode() + ")"),
                        minutes(run.seconds()), run.startedAt().substring(0, 10) + ", " + run.machine()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ci, e);
            }
        }
        Path compare = folder.resolve("all-scenarios/results.json");
        if (Files.isRegularFile(compare)) {
            Results run = Results.read(compare);
            if (run.elapsedSeconds() != null) {
                rows.add(List.of("`" + run.command() + "`, " + run.results().size() + " runs", minutes(run.elapsedSeconds()),
                        run.startedAt().substring(0, 10)));
            }
        }
        Path benchmark = folder.resolve("benchmark/benchmarks.json");
        if (Files.isRegularFile(benchmark)) {
            BenchmarkResults run = BenchmarkResults.read(benchmark);
            if (run.elapsedSeconds() != null) {
                rows.add(List.of("`" + run.command() + "`, " + run.results().size() + " runs"
                        + (run.replay() == null ? "" : " and " + run.replay().size() + " replays"), minutes(run.elapsedSeconds()),
                        run.startedAt().substring(0, 10) + ", " + run.settings().machine()));
            }
        }
        return Report.mdTable(List.of("what", "time", "on"), rows);
    }

    private static String minutes(long seconds) {
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    /** What the run ran on, as it asked each part (the broker, the clients, daprd, the SDK, Spring Boot, Java). */
    static String versions(Results results) {
        List<List<String>> rows = new ArrayList<>();
        results.versions().forEach((part, version) -> rows.add(List.of(part, version)));
        rows.add(List.of("broker", results.broker()));
        return Report.mdTable(List.of("part", "version"), rows);
    }
}
