package dev.agentsociety.comparison.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.comparison.bench.BenchmarkReport;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private static final Map<String, Function<JsonNode, String>> TABLES = Map.ofEntries(
            Map.entry("fan-out-curve", DocTables::fanOutCurve),
            Map.entry("fan-out-sidecars", DocTables::fanOutSidecars),
            Map.entry("fan-out-goals", DocTables::fanOutGoals),
            Map.entry("poison", DocTables::poison),
            Map.entry("runs", results -> report(results).runsTable()),
            Map.entry("costs", results -> report(results).costsTable()),
            Map.entry("sync-vs-async", results -> report(results).syncTable()),
            Map.entry("verdict", results -> new Verdict(results).markdown()),
            Map.entry("exactly-once", DocTables::exactlyOnce),
            Map.entry("versions", DocTables::versions),
            Map.entry("benchmark-paths", results -> new BenchmarkReport((ObjectNode) results).pathsTable()),
            Map.entry("benchmark-targets", results -> new BenchmarkReport((ObjectNode) results).targetsTable()),
            Map.entry("benchmark-legs", results -> new BenchmarkReport((ObjectNode) results).whereTheTimeGoes()));

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
            ObjectNode json = (ObjectNode) EventJson.mapper().readTree(file.toFile());
            if (file.getFileName().toString().equals("benchmarks.json")) { // ./benchmark's own
                Files.writeString(file.resolveSibling("benchmarks.md"), new BenchmarkReport(json).markdown());
                continue;
            }
            Report report = new Report(json);
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
        Function<JsonNode, String> table = TABLES.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table '" + name + "'; there are " + TABLES.keySet());
        }
        try {
            return table.apply(EventJson.mapper().readTree(Repo.root().resolve(resultsPath).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resultsPath, e);
        }
    }

    private static Report report(JsonNode results) {
        return new Report((ObjectNode) results);
    }

    private static Stream<JsonNode> runs(JsonNode results, String scenario) {
        List<JsonNode> runs = new ArrayList<>();
        results.path("results").forEach(run -> {
            if (run.path("scenario").asText().equals(scenario)) {
                runs.add(run);
            }
        });
        return runs.stream();
    }

    private static String offered(JsonNode run) {
        double rate = run.path("details").path("rate").asDouble();
        return rate <= 0 ? "max" : Report.number(rate) + "/s";
    }

    private static String pair(JsonNode latency) {
        return Report.number(latency.path("p50").asDouble()) + " / " + Report.number(latency.path("p99").asDouble());
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String fanOutCurve(JsonNode results) {
        List<List<String>> rows = runs(results, "fan-out").map(run -> {
            JsonNode legs = run.path("details").path("legsMs");
            double cpu = 0;
            for (JsonNode process : run.path("processes")) {
                cpu += process.path("cpuSeconds").asDouble();
            }
            return List.of(offered(run), run.path("implementation").asText(), count(run.path("details").path("timedSignups").asLong()),
                    String.format(Locale.ROOT, "%.1f", run.path("throughputPerSec").asDouble()), pair(run.path("latencyMs")),
                    pair(legs.path("publish")), pair(legs.path("agents")), String.format(Locale.ROOT, "%.1f", cpu));
        }).toList();
        return Report.mdTable(List.of("offered", "implementation", "signups timed", "answered per s", "p50 / p99 ms",
                "publish p50 / p99", "agents p50 / p99", "CPU s"), rows);
    }

    static String fanOutSidecars(JsonNode results) {
        List<List<String>> rows = new ArrayList<>();
        runs(results, "fan-out").forEach(run -> run.path("details").path("sidecars").fields().forEachRemaining(agent -> {
            JsonNode s = agent.getValue();
            rows.add(List.of(offered(run), agent.getKey(), count(s.path("deliveries").asLong()),
                    Report.number(s.path("eventsPerDelivery").asDouble()), Report.number(s.path("appMsPerDelivery").asDouble()),
                    Report.number(s.path("publishMsPerCall").asDouble()), String.format(Locale.ROOT, "%.2f", s.path("appBusyShare").asDouble())));
        }));
        return Report.mdTable(List.of("offered", "Dapr agent", "deliveries", "signups per delivery", "app ms per delivery",
                "publish ms per call", "app busy share"), rows);
    }

    static String fanOutGoals(JsonNode results) {
        List<List<String>> rows = new ArrayList<>();
        for (Goal goal : GOALS) {
            runs(results, "fan-out").filter(run -> run.path("implementation").asText().equals(goal.implementation())
                    && run.path("details").path("rate").asDouble() == goal.rate()).findFirst().ifPresent(run -> {
                        double measured = goal.atLeast() ? run.path("throughputPerSec").asDouble() : run.path("latencyMs").path("p99").asDouble();
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

    static String poison(JsonNode results) {
        List<List<String>> rows = runs(results, "poison").map(run -> {
            List<String> lags = new ArrayList<>();
            run.path("details").path("lagAfter").forEach(lag -> lags.add(lag.asText()));
            boolean sameLag = lags.stream().distinct().count() == 1;
            return List.of(run.path("implementation").asText(), run.path("sent").asText(), run.path("delivered").asText(),
                    run.path("lost").asText(), run.path("duplicates").asText(), run.path("unexpected").asText(),
                    sameLag ? lags.get(0) + " ×" + lags.size() : String.join(", ", lags), run.path("passed").asBoolean() ? "yes" : "NO");
        }).toList();
        return Report.mdTable(List.of("poison", "sent (records × readers)", "delivered", "lost", "duplicates", "unexpected",
                "lag after", "passed"), rows);
    }

    /** The event-sourced ledger under its fault: each variant, the agent it ran, and what the log showed. */
    static String exactlyOnce(JsonNode results) {
        List<List<String>> rows = Stream.concat(runs(results, "exactly-once"), runs(results, "exactly-once-naive")).map(run -> {
            JsonNode d = run.path("details");
            return List.of(run.path("implementation").asText(), d.path("agent").asText(), d.path("fault").asText(),
                    count(run.path("sent").asLong()) + " (" + count(d.path("paymentsPublishedTwice").asLong()) + " twice)",
                    count(run.path("delivered").asLong()) + " (" + count(d.path("withdrawn").asLong()) + " withdrawn, "
                            + count(d.path("rejected").asLong()) + " refused)",
                    d.path("paymentsDecidedMoreThanOnce").asText(), run.path("duplicates").asText(), run.path("lost").asText(),
                    d.path("decidedUnlikeTheReference").asText(), d.path("eventsPublishedAgain").asText(),
                    run.path("orderViolations").asText(), Report.number(d.path("seconds").asDouble()) + " s");
        }).toList();
        return Report.mdTable(List.of("implementation", "agent", "fault", "payments sent", "outcomes", "decided more than once",
                "extra effects", "lost", "unlike the reference", "events on the topic again", "out of sequence", "time"), rows);
    }

    /** What the run ran on, as it asked each part (the broker, the clients, daprd, the SDK, Spring Boot, Java). */
    static String versions(JsonNode results) {
        List<List<String>> rows = new ArrayList<>();
        results.path("versions").fields().forEachRemaining(v -> rows.add(List.of(v.getKey(), v.getValue().asText())));
        rows.add(List.of("broker", results.path("broker").asText()));
        return Report.mdTable(List.of("part", "version"), rows);
    }
}
