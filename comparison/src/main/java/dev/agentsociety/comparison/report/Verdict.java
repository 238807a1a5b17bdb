package dev.agentsociety.comparison.report;

import dev.agentsociety.comparison.bench.ReplayScenario;
import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.comparison.scenario.brokers.Capability;
import dev.agentsociety.comparison.scenario.brokers.Property;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario;
import dev.agentsociety.comparison.scenario.groups.ConsumerGroupDetails;
import dev.agentsociety.comparison.scenario.poison.PoisonScenario;
import dev.agentsociety.comparison.society.Implementation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The report's first section: for each question a team asks when choosing, which variant wins on this run, by how
 * much, and from which run — computed from results.json, a question left out when its scenario did not run.
 */
final class Verdict {

    static final String DIRECT = Implementation.DIRECT_KAFKA.label();
    static final String DAPR = Implementation.DAPR.label();

    /** One question's answer: each variant's figure, the winner (or "tie") and by how much, and the run it comes from. */
    record Row(String question, String direct, String dapr, String winner, String margin, String evidence) {
        List<String> cells() {
            return List.of(question, direct, dapr, winner, margin, evidence);
        }
    }

    static final List<String> COLUMNS = List.of("question", DIRECT, DAPR, "wins", "by", "evidence");

    private final Results results;
    private final List<ScenarioResult> runs;

    Verdict(Results results) {
        this.results = results;
        runs = results.results();
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        higher("throughput: answered signups per s at max", run -> isFanOut(run) && rate(run) <= 0,
                ScenarioResult::throughputPerSec, "%.0f/s").ifPresent(rows::add);
        lowestCommonRate().flatMap(rate -> lower("latency: p99 at " + Report.number(rate) + " signups/s offered",
                run -> isFanOut(run) && rate(run) == rate, run -> run.latencyMs().p99(), "%.0f ms"))
                .ifPresent(rows::add);
        lower("exactly-once effects: payments decided twice or lost through SIGKILL", run -> scenario(run, ExactlyOnceScenario.NAME),
                run -> (double) run.duplicates() + run.lost(), "%.0f").ifPresent(rows::add);
        // the naive ledger agent is the contrast: it is there to break the guarantees, so its figures judge no variant
        lower("ordering: answers out of their key's order, every run but the naive contrast",
                run -> run.orderViolations() != null && !scenario(run, ExactlyOnceScenario.NAIVE),
                run -> (double) run.orderViolations(), "%.0f", true).ifPresent(rows::add);
        higher("rebalances: partition assignments the agent was told of (scaled 1 → 3 → 1)", run -> scenario(run, "consumer-groups"),
                run -> run.details(ConsumerGroupDetails.class).map(d -> (double) d.assignmentsSeen()).orElse(0.0), "%.0f").ifPresent(rows::add);
        higher("replay: events per s rebuilding the ledger's accounts from their history", run -> scenario(run, ReplayScenario.NAME),
                ScenarioResult::throughputPerSec, "%.0f/s").ifPresent(rows::add);
        lower("bad input: records lost of the poison set", run -> scenario(run, PoisonScenario.NAME),
                run -> (double) run.lost(), "%.0f").ifPresent(rows::add);
        lower("operational cost: CPU s per 1,000 answers at max (every process)", run -> isFanOut(run) && rate(run) <= 0,
                run -> run.cpuSeconds() * 1000 / Math.max(1, run.delivered()), "%.2f").ifPresent(rows::add);
        lower("operational cost: processes per agent", run -> isFanOut(run) && rate(run) <= 0,
                run -> agentProcesses(run), "%.0f").ifPresent(rows::add);
        portability().ifPresent(rows::add);
        rows.add(codeSize());
        return rows;
    }

    /**
     * The broker matrix's answer: on how many brokers the same Dapr agents got events from one app-id to others
     * (fan-out held) — direct-kafka is Kafka's own client, one broker by design.
     */
    private Optional<Row> portability() {
        Map<String, List<Capability>> matrix = results.capabilities();
        if (matrix == null) {
            return Optional.empty();
        }
        List<String> carried = matrix.entrySet().stream().filter(e -> e.getValue().stream()
                .anyMatch(c -> c.property().equals(Property.FAN_OUT.key()) && c.held())).map(Map.Entry::getKey).toList();
        return Optional.of(new Row("portability: brokers the same agents' events crossed between app-ids", "1 (Kafka's client)",
                carried.size() + " of " + matrix.size() + " (" + String.join(", ", carried) + ")",
                carried.size() > 1 ? DAPR : carried.size() == 1 ? "tie" : DIRECT, carried.size() > 1 ? carried.size() + "×" : "–",
                "broker-matrix on " + String.join(", ", matrix.keySet())));
    }

    /** The transport layers' size, counted in this tree when the report is written (not a run's figure). */
    private static Row codeSize() {
        List<List<String>> sizes = Report.sizeRows();
        long direct = Long.parseLong(sizes.get(0).get(2));
        long dapr = Long.parseLong(sizes.get(1).get(2));
        return new Row("code size: lines of the transport layer (direct-kafka/ against agents/)", Long.toString(direct),
                Long.toString(dapr), direct == dapr ? "tie" : direct < dapr ? DIRECT : DAPR,
                String.format(Locale.ROOT, "%.1f×", (double) Math.max(direct, dapr) / Math.max(1, Math.min(direct, dapr))),
                "this tree, without blanks and comments");
    }

    String markdown() {
        List<Row> rows = rows();
        if (rows.isEmpty()) {
            return "";
        }
        return Report.mdTable(COLUMNS, rows.stream().map(Row::cells).toList());
    }

    private Optional<Row> higher(String question, Predicate<ScenarioResult> which, Function<ScenarioResult, Double> figure, String format) {
        return compare(question, which, figure, format, true, false);
    }

    private Optional<Row> lower(String question, Predicate<ScenarioResult> which, Function<ScenarioResult, Double> figure, String format) {
        return compare(question, which, figure, format, false, false);
    }

    private Optional<Row> lower(String question, Predicate<ScenarioResult> which, Function<ScenarioResult, Double> figure, String format,
            boolean summed) {
        return compare(question, which, figure, format, false, summed);
    }

    /** The two variants' figure for the runs that match (their sum when {@code summed}, else the first run's). */
    private Optional<Row> compare(String question, Predicate<ScenarioResult> which, Function<ScenarioResult, Double> figure, String format,
            boolean higherWins, boolean summed) {
        Optional<Double> direct = figure(DIRECT, which, figure, summed);
        Optional<Double> dapr = figure(DAPR, which, figure, summed);
        if (direct.isEmpty() || dapr.isEmpty()) {
            return Optional.empty();
        }
        double d = direct.get();
        double a = dapr.get();
        String winner;
        String margin;
        if (d == a) {
            winner = "tie";
            margin = "–";
        } else {
            boolean directWins = higherWins ? d > a : d < a;
            winner = directWins ? DIRECT : DAPR;
            double best = directWins ? d : a;
            double worst = directWins ? a : d;
            margin = best == 0 || worst == 0 ? String.format(Locale.ROOT, format, Math.abs(d - a)) + (higherWins ? " more" : " fewer")
                    : String.format(Locale.ROOT, "%.1f×", higherWins ? best / worst : worst / best);
        }
        String evidence = runs.stream().filter(which).map(Report::label).distinct().reduce((x, y) -> x + ", " + y).orElse("");
        return Optional.of(new Row(question, String.format(Locale.ROOT, format, d), String.format(Locale.ROOT, format, a),
                winner, margin, summed ? "all runs" : evidence));
    }

    private Optional<Double> figure(String implementation, Predicate<ScenarioResult> which, Function<ScenarioResult, Double> figure,
            boolean summed) {
        List<Double> figures = runs.stream().filter(run -> run.implementation().equals(implementation))
                .filter(run -> run.error() == null).filter(which).map(figure).toList();
        if (figures.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(summed ? figures.stream().mapToDouble(Double::doubleValue).sum() : figures.get(0));
    }

    /** The lowest offered rate at which both variants ran fan-out (not max). */
    private Optional<Double> lowestCommonRate() {
        return runs.stream().filter(Verdict::isFanOut).map(Verdict::rate).filter(rate -> rate > 0).distinct().sorted()
                .filter(rate -> runs.stream().filter(r -> isFanOut(r) && rate(r) == rate).map(ScenarioResult::implementation)
                        .distinct().count() == 2)
                .findFirst();
    }

    private static boolean isFanOut(ScenarioResult run) {
        return scenario(run, "fan-out");
    }

    private static boolean scenario(ScenarioResult run, String name) {
        return run.scenario().equals(name);
    }

    private static double rate(ScenarioResult run) {
        return Report.fanOutRate(run).orElse(Double.NaN);
    }

    /** The processes that serve the answering agents (apps and their sidecars), per agent. */
    private static double agentProcesses(ScenarioResult run) {
        List<String> agents = new ArrayList<>();
        int processes = 0;
        for (ProcessCost process : run.processes() == null ? List.<ProcessCost>of() : run.processes()) {
            String[] role = process.role().split(" ");
            if (role.length == 2 && role[0].endsWith("-agent") && (role[1].equals("app") || role[1].equals("daprd"))
                    && !role[0].equals("signup-agent")) {
                processes++;
                if (!agents.contains(role[0])) {
                    agents.add(role[0]);
                }
            }
        }
        return agents.isEmpty() ? 0 : (double) processes / agents.size();
    }
}
