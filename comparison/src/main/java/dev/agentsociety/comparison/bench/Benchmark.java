package dev.agentsociety.comparison.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.comparison.cli.BarProgress;
import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.fanout.FanOutScenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.ProcessUsage;
import dev.agentsociety.devstack.StackVersions;
import dev.agentsociety.devstack.dapr.DaprInstallation;
import dev.agentsociety.devstack.kafka.KafkaPerfTools;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.bench.ProbeSink;
import dev.agentsociety.domain.ledger.LedgerEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The benchmarks: for each payload size, each path ({@link BenchPath}) sends {@code --messages} probes as fast as
 * it can (throughput, publish call to handled) and then probes at a fixed {@code --rate} for {@code --duration}
 * (latency at rate), all on one broker in one run. Writes {@code benchmarks.json} and {@code benchmarks.md} with
 * the target ratios. Measured and reported, never asserted.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 2,
        description = "Measures Kafka's own perf tools, the direct-kafka agent path and Dapr's publish paths (HTTP, gRPC, "
                + "bulk) side by side on one broker; writes benchmarks.json and benchmarks.md.")
public final class Benchmark implements Callable<Integer> {

    private static final int WARM_UP = 5_000;

    @Option(names = "--paths", split = ",", paramLabel = "PATH",
            description = "kafka-tool, direct-kafka, dapr-http, dapr-grpc, dapr-bulk (default: all)")
    List<String> paths = List.of("kafka-tool", "direct-kafka", "dapr-http", "dapr-grpc", "dapr-bulk");

    @Option(names = "--payload-bytes", split = ",", paramLabel = "BYTES", description = "payload sizes (default: 100,1024)")
    List<Integer> payloadBytes = List.of(100, 1024);

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

    /** The benchmark as a scenario of {@code ./compare}, with its settings. */
    public static Benchmark configured(List<Integer> payloadBytes, int messages, int rate, int duration) {
        Benchmark benchmark = new Benchmark();
        benchmark.replayEvents = 0; // ./benchmark measures replay; the comparison's scenario does not
        benchmark.payloadBytes = payloadBytes;
        benchmark.messages = messages;
        benchmark.rate = rate;
        benchmark.duration = duration;
        return benchmark;
    }

    @Override
    public Integer call() throws Exception {
        List<BenchPath> chosen = validate();
        PrintWriter console = spec.commandLine().getOut();
        Files.createDirectories(out);
        Path logs = out.resolve("logs").toAbsolutePath();
        Path resultsFile = (json != null ? json : out.resolve("benchmarks.json")).toAbsolutePath();
        Files.createDirectories(resultsFile.getParent());
        Instant started = Instant.now();
        ObjectNode results = EventJson.mapper().createObjectNode();
        List<String> command = new ArrayList<>(List.of("./benchmark"));
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        results.put("command", String.join(" ", command)).put("startedAt", started.toString());
        boolean complete;
        try (KafkaStack kafka = KafkaStack.select(1).start()) {
            console.printf("  Kafka    %s at %s%n", kafka.describe(), kafka.bootstrapServers());
            complete = measure(kafka, chosen, results, console, logs, () -> write(results, resultsFile));
        } catch (DevStackException | IllegalStateException e) {
            spec.commandLine().getErr().println("benchmark: " + e.getMessage());
            complete = false;
        }
        BenchmarkReport report = new BenchmarkReport(results);
        results.set("targets", report.targets());
        write(results, resultsFile);
        Files.writeString(out.resolve("benchmarks.md"), report.markdown());
        console.println();
        console.println(report.markdown());
        console.printf("benchmark: %d runs in %d s; results in %s%n", results.path("results").size(),
                Duration.between(started, Instant.now()).toSeconds(), out);
        return complete ? 0 : 1;
    }

    /** Kafka's tools and the agents' paths on {@code kafka}, into {@code results}; false when a probe was lost or a run failed. */
    public boolean measure(KafkaStack kafka, List<BenchPath> chosen, ObjectNode results, PrintWriter console, Path logs,
            Written written) throws IOException {
        results.putObject("settings").put("messages", messages).put("ratePerSec", rate).put("durationSeconds", duration)
                .put("partitions", BenchRig.PARTITIONS).put("warmUpPerPath", Math.min(messages, WARM_UP)).put("acks", "all").put("machine",
                        Runtime.getRuntime().availableProcessors() + " cores");
        ArrayNode entries = results.putArray("results");
        boolean complete = true;
        try (BenchRig rig = new BenchRig(kafka, "bench-" + Long.toString(System.nanoTime(), 36) + ".", logs)) {
            results.put("broker", kafka.describe());
            ObjectNode versions = results.putObject("versions").put("kafka", StackVersions.kafka())
                    .put("daprJavaSdk", StackVersions.daprSdk()).put("java", Runtime.version().toString());
            if (chosen.contains(BenchPath.DIRECT_KAFKA)) {
                rig.startDirect();
            }
            if (chosen.stream().anyMatch(BenchPath::dapr)) {
                versions.put("daprd", DaprInstallation.ensure().daprdVersion());
                rig.startDapr();
                console.printf("  Dapr     bench-sink and a publishing sidecar, daprd %s%n", versions.path("daprd").asText());
            }
            for (BenchPath path : chosen) {
                if (path != BenchPath.KAFKA_TOOL) {
                    // JIT, connections, the sink's first subscription: not what a steady path costs
                    runPath(rig, path, payloadBytes.get(0), false, Math.min(messages, WARM_UP));
                }
            }
            for (int size : payloadBytes) {
                for (BenchPath path : chosen) {
                    for (boolean atRate : new boolean[] {false, true}) {
                        ObjectNode entry;
                        try {
                            entry = path == BenchPath.KAFKA_TOOL
                                    ? runTool(kafka, rig, size, atRate, logs) : runPath(rig, path, size, atRate);
                        } catch (RuntimeException e) {
                            // one run failing is a result, not the end of the benchmark: recorded, the others go on
                            entry = entry(path, size, atRate).put("error", String.valueOf(e.getMessage()).lines()
                                    .findFirst().orElse(e.getClass().getSimpleName()));
                        }
                        entries.add(entry);
                        complete &= !entry.has("error") && entry.path("lost").asLong() == 0
                                && entry.path("publishFailures").asLong() == 0;
                        console.println("  " + BenchmarkReport.line(entry));
                        written.run(); // after every run: an interrupted benchmark keeps what it measured
                    }
                }
            }
            if (replayEvents > 0) {
                complete &= replay(kafka, rig, chosen, results.putArray("replay"), console, logs);
                written.run();
            }
        }
        return complete;
    }

    /** The event-sourced ledger rebuilt from {@code --replay-events} events, in each chosen variant. */
    private boolean replay(KafkaStack kafka, BenchRig rig, List<BenchPath> chosen, ArrayNode into, PrintWriter console,
            Path logs) {
        Map<String, List<LedgerEvent>> history = LedgerReplay.history(replayEvents);
        boolean complete = true;
        try (BarProgress progress = new BarProgress("replay " + replayEvents + " events")) {
            progress.phase("writing the log", -1);
            Topics log = LedgerReplay.seedLog(kafka, rig, history);
            if (chosen.contains(BenchPath.DIRECT_KAFKA)) {
                progress.phase("direct-kafka: from ledger-events", -1);
                into.add(LedgerReplay.direct(kafka, log, history));
                progress.phase("direct-kafka: projection-agent's views", -1);
                into.add(LedgerReplay.views(kafka, Implementation.DIRECT_KAFKA, log, history, logs));
            }
            if (chosen.stream().anyMatch(BenchPath::dapr)) {
                progress.phase("dapr: from the state store", -1);
                into.add(LedgerReplay.dapr(kafka, history, logs));
                progress.phase("dapr: projection-agent's views", -1);
                into.add(LedgerReplay.views(kafka, Implementation.DAPR, log, history, logs));
            }
        } catch (Exception e) {
            into.addObject().put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
            complete = false;
        }
        for (JsonNode entry : into) {
            complete &= entry.path("accountsRebuiltExactly").asLong(-1) == entry.path("accounts").asLong(-2);
            console.println("  " + BenchmarkReport.replayLine(entry));
        }
        return complete;
    }

    /** Saves the results so far. */
    public interface Written {
        void run() throws IOException;
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
        if (messages < 1 || rate < 1 || duration < 1 || replayEvents < 0
                || payloadBytes.stream().anyMatch(b -> b < 1 || b > 1_000_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--messages, --rate and --duration must be positive, --replay-events not negative, --payload-bytes 1 .. 1000000");
        }
        return chosen;
    }

    /** Kafka's tools: ProducerPerformance then ConsumerPerformance on a topic of its own, same producer settings. */
    private ObjectNode runTool(KafkaStack kafka, BenchRig rig, int size, boolean atRate, Path logs) {
        String topic = "tool-" + size + (atRate ? "-at-rate" : "");
        rig.createTopics(List.of(topic));
        Properties producer = new Properties();
        producer.put("acks", "all");
        producer.put("enable.idempotence", "true");
        producer.put("linger.ms", "0"); // as KafkaEventPublisher
        long count = atRate ? (long) rate * duration : messages;
        try (BarProgress progress = new BarProgress("kafka-tool " + size + " B")) {
            progress.phase(atRate ? "ProducerPerformance at " + rate + "/s" : "ProducerPerformance + ConsumerPerformance", -1);
            KafkaPerfTools.ProducerRun produced = KafkaPerfTools.produce(kafka.bootstrapServers(), rig.topic(topic), count,
                    size, atRate ? rate : -1, producer, logs);
            ObjectNode entry = entry(BenchPath.KAFKA_TOOL, size, atRate).put("sent", produced.records());
            entry.put("producerPerSec", produced.recordsPerSec());
            entry.putObject("publishAckMs").put("p50", produced.p50Ms()).put("p95", produced.p95Ms())
                    .put("p99", produced.p99Ms()).put("max", produced.maxMs());
            if (!atRate) {
                KafkaPerfTools.ConsumerRun consumed = KafkaPerfTools.consume(kafka.bootstrapServers(), rig.topic(topic), count, logs);
                entry.put("consumerFetchPerSec", consumed.fetchRecordsPerSec()).put("handled", consumed.records())
                        .put("lost", count - consumed.records());
                // one pass through the broker runs at the slower of the two sides
                entry.put("throughputPerSec", Math.round(Math.min(produced.recordsPerSec(), consumed.fetchRecordsPerSec())));
            }
            return entry.put("note", "raw records of the payload size, no envelope, no handler; latency is the producer's "
                    + "send to acknowledgement (whole ms)");
        }
    }

    /** One of the agents' paths: probes published through it, counted and timed by the path's ProbeSink. */
    private ObjectNode runPath(BenchRig rig, BenchPath path, int size, boolean atRate) {
        return runPath(rig, path, size, atRate, atRate ? rate * duration : messages);
    }

    private ObjectNode runPath(BenchRig rig, BenchPath path, int size, boolean atRate, int count) {
        String run = path.label() + "-" + size + (atRate ? "-at-" + rate : "-max") + "-" + Long.toString(System.nanoTime(), 36);
        int batch = atRate ? Math.max(1, Math.min(path.batch(), rate / 100)) : path.batch();
        BenchRig.Sender sender = rig.sender(path);
        Semaphore window = new Semaphore(path.maxInFlight());
        Latencies acks = new Latencies();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<ProcessUsage> before = FanOutScenario.usage(rig.processes());
        long firstSentMicros = Probe.nowMicros();
        try (BarProgress progress = new BarProgress(path.label() + " " + size + " B")) {
            progress.phase(atRate ? "at " + rate + "/s" : "as fast as it goes", count);
            long start = System.nanoTime();
            for (int i = 0; i < count; i += batch) {
                if (atRate) {
                    LockSupport.parkNanos(start + (long) (i * 1e9 / rate) - System.nanoTime()); // the schedule, not a wait
                }
                int n = Math.min(batch, count - i);
                window.acquireUninterruptibly(n);
                List<Probe> probes = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    probes.add(Probe.of(run, i + j, size));
                }
                long sentAt = System.nanoTime();
                sender.send(probes).whenComplete((ok, failure) -> {
                    acks.record(Duration.ofNanos(System.nanoTime() - sentAt));
                    if (failure != null) {
                        failures.addAndGet(n);
                        firstFailure.compareAndSet(null, String.valueOf(failure.getMessage()));
                    }
                    window.release(n);
                });
                progress.done(i + n);
            }
            window.acquireUninterruptibly(path.maxInFlight()); // every publish acknowledged (or failed)
            progress.phase("waiting for the handler", count);
            awaitHandled(rig, path, run, count - failures.get(), progress);
        }
        ProbeSink.Stats stats = rig.stats(path, run);
        ObjectNode entry = entry(path, size, atRate).put("sent", count).put("handled", stats.handled())
                .put("duplicates", stats.duplicates()).put("lost", count - failures.get() - stats.handled())
                .put("publishFailures", failures.get());
        if (firstFailure.get() != null) {
            entry.put("firstFailure", firstFailure.get());
        }
        entry.put("throughputPerSec", Math.round(stats.handled() * 1e6 / Math.max(1, stats.lastHandledMicros() - firstSentMicros)));
        entry.putObject("latencyMs").put("p50", ms(stats.p50Micros())).put("p95", ms(stats.p95Micros()))
                .put("p99", ms(stats.p99Micros())).put("max", ms(stats.maxMicros()));
        entry.set("publishAckMs", acks.toJson());
        ScenarioResult costs = new ScenarioResult("", "", "").processes(before, FanOutScenario.usage(rig.processes()));
        entry.set("processes", costs.json().get("processes"));
        ObjectNode cpu = entry.putObject("cpuMicrosPerMessage");
        for (JsonNode process : costs.json().get("processes")) {
            if (path.dapr() || !process.path("role").asText().startsWith("bench-")) { // the Dapr processes idle meanwhile
                cpu.put(process.path("role").asText(), Math.round(process.path("cpuSeconds").asDouble() * 1e6 / count));
            }
        }
        return entry;
    }

    /** Waits until the handler has every probe, or has made no progress for 30 s (the rest counts as lost). */
    private static void awaitHandled(BenchRig rig, BenchPath path, String run, long expected, BarProgress progress) {
        AtomicLong seen = new AtomicLong(-1);
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        try {
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(30)).until(() -> {
                long handled = rig.stats(path, run).handled();
                progress.done(handled);
                if (handled != seen.getAndSet(handled)) {
                    lastProgress.set(System.nanoTime());
                }
                if (System.nanoTime() - lastProgress.get() > Duration.ofSeconds(30).toNanos()) {
                    throw new ConditionTimeoutException("no progress for 30 s");
                }
                return handled >= expected;
            });
        } catch (ConditionTimeoutException stalled) {
            // reported as lost by the caller
        }
    }

    private ObjectNode entry(BenchPath path, int size, boolean atRate) {
        ObjectNode entry = EventJson.mapper().createObjectNode().put("path", path.label()).put("payloadBytes", size)
                .put("mode", atRate ? "at-rate" : "throughput");
        if (atRate) {
            entry.put("ratePerSec", rate);
        }
        return entry;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static void write(ObjectNode results, Path file) throws IOException {
        Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
    }
}
