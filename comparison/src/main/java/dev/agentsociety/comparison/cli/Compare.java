package dev.agentsociety.comparison.cli;

import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.report.DocTables;
import dev.agentsociety.comparison.report.Report;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.scenario.exactlyonce.TransportFaultsScenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.StackVersions;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.dapr.DaprInstallation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.domain.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    public static final List<String> SCENARIOS = Scenario.all().stream().filter(Scenario::runsByDefault).map(Scenario::name).toList();
    private static final String LIST = "list";

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", arity = "0..*", fallbackValue = LIST,
            description = "which scenarios, comma-separated (default: ${COMPLETION-CANDIDATES}); add benchmark for "
                    + "./benchmark's paths on the same broker; alone (or 'list'): what each one does", completionCandidates = ScenarioNames.class)
    List<String> scenarios = SCENARIOS;

    @Option(names = "--implementations", split = ",", paramLabel = "NAME",
            description = "direct-kafka, dapr or both (default: both)")
    List<String> implementations = List.of("direct-kafka", "dapr");

    @Option(names = "--broker", defaultValue = "kafka", split = ",", paramLabel = "NAME|all",
            description = "the broker(s), comma-separated, or all: kafka (KAFKA_BOOTSTRAP_SERVERS set = that cluster, else "
                    + "an embedded one), redis, rabbitmq, jetstream, mqtt, in-memory — each a folder of components/ the Dapr "
                    + "agents run on unchanged; scenarios that observe Kafka's log run on kafka only, with direct-kafka "
                    + "(default: ${DEFAULT-VALUE})")
    List<String> brokers;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "1|3",
            description = "Kafka brokers to start: 1, or 3 (replication factor 3, min.insync.replicas 2) "
                    + "(default: ${DEFAULT-VALUE})")
    int kafkaBrokers;

    @Option(names = "--messages", description = "messages per run: fan-out's signups (default: 60), replay's events of "
            + "history (10000), benchmark's probes per throughput run (100000)")
    Integer messages;

    @Option(names = "--rate", defaultValue = "max", split = ",", paramLabel = "PER_SECOND|max",
            description = "publish rate of fan-out, or max for as fast as the publisher can; several, comma-separated, "
                    + "run fan-out once each: the curve of throughput and latency against offered rate (default: "
                    + "${DEFAULT-VALUE}); consumer groups send at the first rate (max there means 50/s)")
    List<String> rates;

    @Option(names = "--payload-bytes", split = ",", paramLabel = "BYTES", defaultValue = "100,1024",
            description = "payload sizes of the benchmark scenario (default: ${DEFAULT-VALUE})")
    List<Integer> payloadBytes;

    @Option(names = "--agents", split = ",", paramLabel = "COUNT", defaultValue = "100,1000,10000",
            description = "the scale scenario's populations, one customer agent each (default: ${DEFAULT-VALUE})")
    List<Integer> agents;

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
            return 0;
        }
        List<Implementation> chosen = validate();
        boolean kafkaNeeded = brokers.contains("kafka");
        Files.createDirectories(out);
        Path logs = out.resolve("logs").toAbsolutePath();
        Path resultsFile = (json != null ? json : out.resolve("results.json")).toAbsolutePath();
        Files.createDirectories(resultsFile.getParent());
        Instant started = Instant.now();
        List<String> command = new ArrayList<>(List.of("./compare"));
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        List<ScenarioResult> runs = new ArrayList<>();
        Map<String, String> versions = Map.of();
        String brokerDescribed = "none: it did not start";
        Results results;
        try (KafkaStack kafka = kafkaNeeded ? startKafka(console) : null) {
            versions = versions(chosen);
            brokerDescribed = String.join("; ", brokers.stream().map(b -> b.equals("kafka") ? kafka.describe()
                    : "components/" + b).toList());
            if (chosen.contains(Implementation.DAPR)) {
                timed(console, "Dapr", () -> "daprd " + DaprInstallation.ensure().daprdVersion());
            }
            for (String name : scenarios) {
                Scenario scenario = Scenario.named(name).orElseThrow();
                for (String rate : scenario.sweepsRates() ? rates : rates.subList(0, 1)) {
                    for (String broker : brokers) {
                        for (Implementation implementation : chosen) {
                            if (!runsOn(scenario, implementation, broker)) {
                                continue;
                            }
                            ScenarioResult result = runOne(scenario, implementation, kafka, broker, logs, rate);
                            runs.add(result);
                            // after every run: an interrupted comparison keeps what it measured
                            results(command, started, null, brokerDescribed, versions, runs).write(resultsFile);
                            console.println("  " + Report.line(result));
                        }
                    }
                }
            }
        } catch (DevStackException | IllegalStateException e) {
            // an unreachable broker, a failed sidecar, a missing tool: one line that names the fix
            spec.commandLine().getErr().println("compare: " + e.getMessage());
            writeAll(results(command, started, null, brokerDescribed, versions, runs), resultsFile, console);
            return 1;
        }
        long elapsed = Duration.between(started, Instant.now()).toSeconds();
        results = results(command, started, elapsed, brokerDescribed, versions, runs);
        writeAll(results, resultsFile, console);
        console.printf("%ncompare: %d runs in %d s; results in %s%n", runs.size(), elapsed, out);
        return results.passed() ? 0 : 1;
    }

    private static Results results(List<String> command, Instant started, Long elapsed, String broker,
            Map<String, String> versions, List<ScenarioResult> runs) {
        return new Results(Results.SCHEMA_VERSION, String.join(" ", command), started.toString(), elapsed, broker, versions,
                runs);
    }

    private List<Implementation> validate() {
        Set<String> unknown = new LinkedHashSet<>(scenarios);
        Scenario.all().forEach(s -> unknown.remove(s.name()));
        if (!unknown.isEmpty()) {
            throw usage("unknown scenario(s) " + unknown + "; choose from "
                    + String.join(", ", Scenario.all().stream().map(Scenario::name).toList()));
        }
        List<Implementation> chosen = new ArrayList<>();
        for (String name : implementations) {
            Implementation implementation = Implementation.byLabel(name);
            if (implementation == null) {
                throw usage("unknown implementation '" + name + "'; choose from direct-kafka, dapr");
            }
            chosen.add(implementation);
        }
        if (brokers.equals(List.of("all"))) {
            brokers = PubSubBroker.NAMES;
        }
        for (String broker : brokers) {
            if (!PubSubBroker.NAMES.contains(broker)) {
                throw usage("unknown broker '" + broker + "'; components/ has " + String.join(", ", PubSubBroker.NAMES) + ", or all");
            }
        }
        if (!brokers.contains("kafka")) {
            if (!chosen.contains(Implementation.DAPR)) {
                throw usage("direct-kafka is Kafka's own client and runs on kafka only: add kafka to --broker, or choose dapr");
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--scenarios")) {
                scenarios = Scenario.all().stream().filter(s -> s.runsByDefault() && s.portable()).map(Scenario::name).toList();
            }
            List<String> kafkaOnly = scenarios.stream().filter(n -> !Scenario.named(n).orElseThrow().portable()).toList();
            if (!kafkaOnly.isEmpty()) {
                throw usage(String.join(", ", kafkaOnly) + " observe(s) Kafka's log, groups or transactions: add kafka to "
                        + "--broker, or choose a scenario that runs on every broker ("
                        + String.join(", ", Scenario.all().stream().filter(Scenario::portable).map(Scenario::name).toList()) + ")");
            }
        }
        if (kafkaBrokers != 1 && kafkaBrokers != 3) {
            throw usage("--brokers is 1 or 3 (replication factor 3, min.insync.replicas 2)");
        }
        if (scenarios.contains(TransportFaultsScenario.BROKER_FAULTS) && kafkaBrokers != 3) {
            throw usage(TransportFaultsScenario.BROKER_FAULTS + " kills and stalls brokers of a replicated cluster: add --brokers 3");
        }
        if (payloadBytes.stream().anyMatch(b -> b < 1 || b > 1_000_000)) {
            throw usage("--payload-bytes must be between 1 and 1000000");
        }
        if (agents.stream().anyMatch(a -> a < 4 || a > 100_000)) {
            throw usage("--agents must be between 4 and 100000");
        }
        agents = agents.stream().sorted().distinct().toList();
        if (messages != null && (messages < 1 || messages > 100_000)) {
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

    /** Kafka's own scenarios and direct-kafka on kafka only; a portable scenario on each broker, for what it measures. */
    private static boolean runsOn(Scenario scenario, Implementation implementation, String broker) {
        return scenario.runs(implementation) && (broker.equals("kafka")
                || scenario.portable() && implementation == Implementation.DAPR);
    }

    private ScenarioResult runOne(Scenario scenario, Implementation implementation, KafkaStack kafka, String broker, Path logs,
            String rate) {
        Topics topics = new Topics("compare-" + scenario.name() + "-" + implementation.label() + "-"
                + Long.toString(System.nanoTime(), 36) + ".");
        if (broker.equals("kafka")) {
            TopologyApplier.ensureSpec(kafka.bootstrapServers(), topics.prefix(), kafka.brokers());
        }
        double perSecond = perSecond(rate);
        // at a rate: messages = rate x duration; at max (or without a duration): --messages, or the scenario's own
        int signups = duration != null && perSecond > 0 && scenario.sweepsRates() ? (int) Math.max(1, perSecond * duration)
                : messages != null ? messages : scenario.defaultMessages();
        try (BarProgress progress = new BarProgress(scenario.name() + " / " + implementation.label())) {
            return scenario.run(new Scenario.Stage(kafka, topics, logs, perSecond, signups, payloadBytes, duration, broker, agents),
                    implementation, progress);
        } catch (Exception e) {
            // one scenario failing is a result, not the end of the run: recorded, and the others go on
            return ScenarioResult.failed(scenario.name(), implementation.label(), broker, e);
        }
    }

    private KafkaStack startKafka(PrintWriter console) {
        KafkaStack[] kafka = new KafkaStack[1];
        timed(console, "Kafka", () -> {
            kafka[0] = KafkaStack.select(kafkaBrokers).start();
            return kafka[0].describe() + " at " + kafka[0].bootstrapServers();
        });
        return kafka[0];
    }

    private static void timed(PrintWriter console, String what, Supplier<String> step) {
        Instant start = Instant.now();
        String said = step.get();
        console.printf(Locale.ROOT, "  %-8s %s (%.1f s)%n", what, said, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private static Map<String, String> versions(List<Implementation> chosen) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("kafka", StackVersions.kafka());
        versions.put("kafkaClients", StackVersions.kafka());
        versions.put("daprJavaSdk", StackVersions.daprSdk());
        versions.put("springBoot", SpringBootVersion.getVersion());
        versions.put("java", Runtime.version().toString());
        if (chosen.contains(Implementation.DAPR)) {
            versions.put("daprd", DaprInstallation.ensure().daprdVersion());
        }
        return versions;
    }

    private void writeAll(Results results, Path resultsFile, PrintWriter console) throws IOException {
        results.write(resultsFile);
        Report report = new Report(results);
        Files.writeString(out.resolve("report.md"), report.markdown());
        Files.writeString(out.resolve("report.html"), report.html());
        console.println();
        console.println(report.table());
    }
}
