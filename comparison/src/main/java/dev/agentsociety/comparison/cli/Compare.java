package dev.agentsociety.comparison.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.comparison.bench.BenchPath;
import dev.agentsociety.comparison.bench.Benchmark;
import dev.agentsociety.comparison.bench.BenchmarkReport;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.report.DocTables;
import dev.agentsociety.comparison.report.Report;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.StackVersions;
import dev.agentsociety.devstack.dapr.DaprInstallation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.springframework.boot.SpringBootVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The main job: runs each scenario on each implementation against one broker, side by side, shows a progress bar
 * per phase and a table, and writes {@code results.json}, {@code report.md} and {@code report.html}.
 * Scenarios come from one registry ({@link Scenario#all()}; {@code ./compare --scenarios} alone lists them) and are
 * the suite's own ({@link FanOutScenario}, {@link ConsumerGroupScenario}, ...): the runner and the tests measure with
 * the same code. {@code ./compare docs} ({@link DocTables}) writes the docs' results tables from committed runs.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 2, subcommands = DocTables.class,
        description = "Runs the agent society's scenarios on direct-kafka and on Dapr against one broker and writes "
                + "results.json, report.md and report.html.")
public final class Compare implements Callable<Integer> {

    public static final List<String> SCENARIOS = Scenario.all().stream().map(Scenario::name).toList();
    /**
     * The version of results.json's layout: 2 added it, and fan-out's {@code details.sidecars}; 3 each run's
     * {@code latencyPercentiles}. A reader of an older file finds no {@code schemaVersion}.
     */
    static final int RESULTS_SCHEMA_VERSION = 3;
    private static final String LIST = "list";
    /** Not run unless named: the benchmark takes minutes (./benchmark runs it alone). */
    public static final String BENCHMARK = "benchmark";

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", arity = "0..*", fallbackValue = LIST,
            description = "which scenarios, comma-separated (default: ${COMPLETION-CANDIDATES}); add benchmark for "
                    + "./benchmark's paths on the same broker; alone (or 'list'): what each one does", completionCandidates = ScenarioNames.class)
    List<String> scenarios = SCENARIOS;

    @Option(names = "--implementations", split = ",", paramLabel = "NAME",
            description = "direct-kafka, dapr or both (default: both)")
    List<String> implementations = List.of("direct-kafka", "dapr");

    @Option(names = "--broker", defaultValue = "kafka", description = "the broker (default: ${DEFAULT-VALUE}; "
            + "KAFKA_BOOTSTRAP_SERVERS set = that cluster, else embedded brokers)")
    String broker;

    @Option(names = "--messages", defaultValue = "60", description = "signups in fan-out (default: ${DEFAULT-VALUE}); "
            + "probes per throughput run in benchmark (default there: 100000)")
    int messages;

    @Option(names = "--rate", defaultValue = "max", split = ",", paramLabel = "PER_SECOND|max",
            description = "publish rate of fan-out, or max for as fast as the publisher can; several, comma-separated, "
                    + "run fan-out once each: the curve of throughput and latency against offered rate (default: "
                    + "${DEFAULT-VALUE}); consumer groups send at the first rate (max there means 50/s)")
    List<String> rates;

    @Option(names = "--payload-bytes", split = ",", paramLabel = "BYTES", defaultValue = "100,1024",
            description = "payload sizes of the benchmark scenario (default: ${DEFAULT-VALUE})")
    List<Integer> payloadBytes;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "with --rate: publish for this long in fan-out (messages = rate x duration)")
    Integer duration;

    @Option(names = "--out", defaultValue = "target/compare", paramLabel = "DIR",
            description = "where results.json, report.md, report.html and the logs go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "write results.json here instead of DIR/results.json")
    Path json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    static final class ScenarioNames extends ArrayList<String> {
        ScenarioNames() {
            super(SCENARIOS);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (scenarios.equals(List.of(LIST))) {
            Scenario.all().forEach(s -> console.printf("%-20s %s%n", s.name(), s.summary()));
            console.printf("%-20s %s%n", BENCHMARK, "./benchmark's paths (Kafka's tools, direct, Dapr HTTP, gRPC, bulk) on the same broker");
            return 0;
        }
        List<Implementation> chosen = validate();
        Files.createDirectories(out);
        Path logs = out.resolve("logs").toAbsolutePath();
        Path resultsFile = (json != null ? json : out.resolve("results.json")).toAbsolutePath();
        Files.createDirectories(resultsFile.getParent());
        Instant started = Instant.now();
        ObjectNode results = EventJson.mapper().createObjectNode();
        List<String> command = new ArrayList<>(List.of("./compare"));
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        results.put("schemaVersion", RESULTS_SCHEMA_VERSION).put("command", String.join(" ", command));
        results.put("startedAt", started.toString());
        ArrayNode entries = results.putArray("results");

        try (KafkaStack kafka = startKafka(console)) {
            results.set("versions", versions(chosen));
            results.put("broker", kafka.describe());
            if (chosen.contains(Implementation.DAPR)) {
                timed(console, "Dapr", () -> "daprd " + DaprInstallation.ensure().daprdVersion());
            }
            for (String name : scenarios) {
                if (name.equals(BENCHMARK)) {
                    benchmark(kafka, chosen, results, command, console, logs, resultsFile);
                    continue;
                }
                Scenario scenario = Scenario.named(name).orElseThrow();
                for (String rate : scenario.sweepsRates() ? rates : rates.subList(0, 1)) {
                    for (Implementation implementation : chosen) {
                        ScenarioResult result = runOne(scenario, implementation, kafka, logs, rate);
                        entries.add(result.json());
                        writeJson(results, resultsFile); // after every run: an interrupted comparison keeps what it measured
                        console.println("  " + Report.line(result.json()));
                    }
                }
            }
        } catch (DevStackException | IllegalStateException e) {
            // an unreachable broker, a failed sidecar, a missing tool: one line that names the fix
            spec.commandLine().getErr().println("compare: " + e.getMessage());
            writeAll(results, resultsFile, console);
            return 1;
        }
        long elapsed = Duration.between(started, Instant.now()).toSeconds();
        results.put("elapsedSeconds", elapsed);
        writeAll(results, resultsFile, console);
        console.printf("%ncompare: %d runs in %d s; results in %s%n", entries.size(), elapsed, out);
        boolean allPassed = results.at("/benchmarks/passed").asBoolean(true);
        for (var entry : entries) {
            allPassed &= entry.path("passed").asBoolean(false);
        }
        return allPassed ? 0 : 1;
    }

    private List<Implementation> validate() {
        Set<String> unknown = new LinkedHashSet<>(scenarios);
        unknown.removeAll(SCENARIOS);
        unknown.remove(BENCHMARK);
        if (!unknown.isEmpty()) {
            throw usage("unknown scenario(s) " + unknown + "; choose from " + String.join(", ", SCENARIOS) + ", " + BENCHMARK);
        }
        List<Implementation> chosen = new ArrayList<>();
        for (String name : implementations) {
            Implementation implementation = Implementation.byLabel(name);
            if (implementation == null) {
                throw usage("unknown implementation '" + name + "'; choose from direct-kafka, dapr");
            }
            chosen.add(implementation);
        }
        if (!broker.equals("kafka")) {
            throw usage("--broker " + broker + ": the comparison runs on kafka (the Dapr agents swap brokers through "
                    + "components/<broker>, see docs/getting-started.md; direct-kafka has no other broker to swap to)");
        }
        if (payloadBytes.stream().anyMatch(b -> b < 1 || b > 1_000_000)) {
            throw usage("--payload-bytes must be between 1 and 1000000");
        }
        if (messages < 1 || messages > 100_000) {
            throw usage("--messages must be between 1 and 100000");
        }
        for (String rate : rates) {
            if (!rate.equals("max") && perSecond(rate) <= 0) {
                throw usage("--rate must be a positive number of messages per second, or max");
            }
        }
        if (duration != null && (duration < 1 || rates.stream().allMatch("max"::equals))) {
            throw usage("--duration needs a --rate and must be at least 1 second");
        }
        return chosen;
    }

    /**
     * The benchmark scenario: ./benchmark's paths for the chosen implementations (Kafka's tools always), its own
     * defaults unless --messages, --rate or --duration are given, results under {@code benchmarks}.
     */
    private void benchmark(KafkaStack kafka, List<Implementation> chosen, ObjectNode results, List<String> command,
            PrintWriter console, Path logs, Path resultsFile) throws IOException {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        Benchmark benchmark = Benchmark.configured(payloadBytes,
                given.hasMatchedOption("--messages") ? messages : 100_000,
                rates.get(0).equals("max") ? 1_000 : (int) Math.max(1, perSecond(rates.get(0))), duration != null ? duration : 10);
        List<BenchPath> paths = new ArrayList<>(List.of(BenchPath.KAFKA_TOOL));
        if (chosen.contains(Implementation.DIRECT_KAFKA)) {
            paths.add(BenchPath.DIRECT_KAFKA);
        }
        if (chosen.contains(Implementation.DAPR)) {
            paths.addAll(List.of(BenchPath.DAPR_HTTP, BenchPath.DAPR_GRPC, BenchPath.DAPR_BULK));
        }
        ObjectNode benchmarks = results.putObject("benchmarks").put("command", String.join(" ", command))
                .put("startedAt", Instant.now().toString());
        boolean passed = benchmark.measure(kafka, paths, benchmarks, console, logs, () -> writeJson(results, resultsFile));
        benchmarks.put("passed", passed).set("targets", new BenchmarkReport(benchmarks).targets());
    }

    /** A --rate value in messages per second; 0 for max. */
    private double perSecond(String rate) {
        if (rate.equals("max")) {
            return 0;
        }
        try {
            return Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            throw usage("--rate must be a number of messages per second, or max: " + rate);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private ScenarioResult runOne(Scenario scenario, Implementation implementation, KafkaStack kafka, Path logs, String rate) {
        Topics topics = new Topics("compare-" + scenario.name() + "-" + implementation.label() + "-"
                + Long.toString(System.nanoTime(), 36) + ".");
        TopologyApplier.ensureSpec(kafka.bootstrapServers(), topics.prefix(), kafka.brokers());
        double perSecond = perSecond(rate);
        // at a rate: messages = rate x duration; at max (or without a duration): --messages
        int signups = duration != null && perSecond > 0 ? (int) Math.max(1, perSecond * duration) : messages;
        try (BarProgress progress = new BarProgress(scenario.name() + " / " + implementation.label())) {
            return scenario.run(new Scenario.Stage(kafka, topics, logs, perSecond, signups), implementation, progress);
        } catch (Exception e) {
            // one scenario failing is a result, not the end of the run: recorded, and the others go on
            ScenarioResult failed = new ScenarioResult(scenario.name(), implementation.label(), "kafka");
            failed.json().put("passed", false).put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return failed;
        }
    }

    private KafkaStack startKafka(PrintWriter console) {
        KafkaStack[] kafka = new KafkaStack[1];
        timed(console, "Kafka", () -> {
            kafka[0] = KafkaStack.select(1).start();
            return kafka[0].describe() + " at " + kafka[0].bootstrapServers();
        });
        return kafka[0];
    }

    private static void timed(PrintWriter console, String what, Supplier<String> step) {
        Instant start = Instant.now();
        String said = step.get();
        console.printf(Locale.ROOT, "  %-8s %s (%.1f s)%n", what, said, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private static ObjectNode versions(List<Implementation> chosen) {
        ObjectNode versions = EventJson.mapper().createObjectNode();
        versions.put("kafka", StackVersions.kafka()).put("kafkaClients", StackVersions.kafka())
                .put("daprJavaSdk", StackVersions.daprSdk()).put("springBoot", SpringBootVersion.getVersion())
                .put("java", Runtime.version().toString());
        if (chosen.contains(Implementation.DAPR)) {
            versions.put("daprd", DaprInstallation.ensure().daprdVersion());
        }
        return versions;
    }

    private static void writeJson(ObjectNode results, Path file) throws IOException {
        Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
    }

    private void writeAll(ObjectNode results, Path resultsFile, PrintWriter console) throws IOException {
        writeJson(results, resultsFile);
        Report report = new Report(results);
        Files.writeString(out.resolve("report.md"), report.markdown());
        Files.writeString(out.resolve("report.html"), report.html());
        console.println();
        console.println(report.table());
    }
}
