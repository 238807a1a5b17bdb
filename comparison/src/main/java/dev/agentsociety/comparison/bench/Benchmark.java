package dev.agentsociety.comparison.bench;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.kafka.KafkaStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./benchmark}: Kafka's own perf tools, the direct-kafka agent path and Dapr's publish paths side by side on
 * one broker ({@link BenchmarkRun}) — for each payload size, and as partitions and instances of the handlers grow
 * ({@link Sweep}) — then the event-sourced ledger's replay; writes {@code benchmarks.json} and {@code benchmarks.md}
 * with the target ratios and the growth table. The comparison runs the same measurements as its benchmark scenario
 * ({@link BenchmarkScenario}).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 2,
        description = "Measures Kafka's own perf tools, the direct-kafka agent path and Dapr's publish paths (HTTP, gRPC, "
                + "bulk) side by side on one broker, as payload, partitions and instances grow; writes benchmarks.json and "
                + "benchmarks.md.")
public final class Benchmark implements Callable<Integer> {

    @Option(names = "--paths", split = ",", paramLabel = "PATH",
            description = "kafka-tool, direct-kafka, dapr-http, dapr-grpc, dapr-bulk (default: all)")
    List<String> paths = List.of("kafka-tool", "direct-kafka", "dapr-http", "dapr-grpc", "dapr-bulk");

    @Option(names = "--payload-bytes", split = ",", paramLabel = "BYTES",
            description = "payload sizes, each at the first partitions and instances (default: 100,1024)")
    List<Integer> payloadBytes = List.of(100, 1024);

    @Option(names = "--partitions", split = ",", paramLabel = "N",
            description = "partitions of the probe topics; more than one value grows them one at a time from the first, at the "
                    + "first instances and payload (default: 6)")
    List<Integer> partitions = List.of(BenchRig.PARTITIONS);

    @Option(names = "--instances", split = ",", paramLabel = "N",
            description = "instances of each path's handler, a process each (Dapr: an app with its own sidecar, one app-id); "
                    + "more than one value grows them one at a time from the first, at the first partitions and payload (default: 1)")
    List<Integer> instances = List.of(1);

    @Option(names = "--messages", defaultValue = "100000", description = "probes per throughput run (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "PER_SECOND",
            description = "the fixed rate of the latency runs (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "length of each latency run (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--replay-events", defaultValue = "100000", paramLabel = "N",
            description = "events of the event-sourced ledger to replay in each variant, 0 for none (default: ${DEFAULT-VALUE})")
    int replayEvents;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "1|3",
            description = "Kafka brokers to start: 1, or 3 (replication factor 3, min.insync.replicas 2) (default: ${DEFAULT-VALUE})")
    int kafkaBrokers;

    @Option(names = "--broker", defaultValue = "kafka", paramLabel = "NAME",
            description = "the broker of the Dapr paths: a folder of components/ (kafka, redis, rabbitmq, jetstream, mqtt, "
                    + "in-memory; default: ${DEFAULT-VALUE}); Kafka's tools and the direct path run on Kafka")
    String broker;

    @Option(names = "--out", defaultValue = "target/benchmark", paramLabel = "DIR",
            description = "where benchmarks.json, benchmarks.md and the logs go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "write benchmarks.json here instead of DIR/benchmarks.json")
    Path json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<BenchPath> chosen = validate();
        PrintWriter console = spec.commandLine().getOut();
        Files.createDirectories(out);
        Path resultsFile = (json != null ? json : out.resolve("benchmarks.json")).toAbsolutePath();
        Files.createDirectories(resultsFile.getParent());
        Instant started = Instant.now();
        List<String> command = new ArrayList<>(List.of("./benchmark"));
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        BenchmarkResults results;
        try (KafkaStack kafka = KafkaStack.select(kafkaBrokers).start()) {
            console.printf("  Kafka    %s at %s%n", kafka.describe(), kafka.bootstrapServers());
            BenchmarkRun.Settings settings = new BenchmarkRun.Settings(payloadBytes, partitions, instances, messages, rate, duration,
                    replayEvents, broker);
            results = new BenchmarkRun(settings, console, out.resolve("logs").toAbsolutePath())
                    .measure(kafka, chosen, String.join(" ", command), so -> so.write(resultsFile));
        } catch (DevStackException | IllegalStateException e) {
            spec.commandLine().getErr().println("benchmark: " + e.getMessage());
            return 1;
        }
        results = results.took(Duration.between(started, Instant.now()).toSeconds());
        results.write(resultsFile);
        BenchmarkReport report = new BenchmarkReport(results);
        Files.writeString(out.resolve("benchmarks.md"), report.markdown());
        console.println();
        console.println(report.markdown());
        console.printf("benchmark: %d runs in %d s; results in %s%n", results.results().size(), results.elapsedSeconds(), out);
        return results.passed() ? 0 : 1;
    }

    private List<BenchPath> validate() {
        List<BenchPath> chosen = new ArrayList<>();
        for (String name : paths) {
            BenchPath path = BenchPath.byLabel(name);
            if (path == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown path '" + name
                        + "'; choose from kafka-tool, direct-kafka, dapr-http, dapr-grpc, dapr-bulk");
            }
            chosen.add(path);
        }
        if (!PubSubBroker.NAMES.contains(broker)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown broker '" + broker + "'; choose from "
                    + String.join(", ", PubSubBroker.NAMES));
        }
        if (kafkaBrokers != 1 && kafkaBrokers != 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--brokers is 1 or 3");
        }
        if (partitions.stream().anyMatch(p -> p < 1 || p > 1_000) || instances.stream().anyMatch(i -> i < 1 || i > 16)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--partitions are 1 .. 1000, --instances 1 .. 16");
        }
        if (messages < 1 || rate < 1 || duration < 1 || replayEvents < 0
                || payloadBytes.stream().anyMatch(b -> b < 1 || b > 1_000_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--messages, --rate and --duration must be positive, --replay-events not negative, --payload-bytes 1 .. 1000000");
        }
        return chosen;
    }
}
