package dev.agentsociety.comparison.bench;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.bench.BenchmarkResults.Replay;
import dev.agentsociety.comparison.bench.BenchmarkResults.Run;
import dev.agentsociety.comparison.cli.BarProgress;
import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.StackVersions;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.dapr.DaprInstallation;
import dev.agentsociety.devstack.kafka.KafkaPerfTools;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.bench.ProbeSink;
import dev.agentsociety.domain.ledger.LedgerEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The benchmark's measurements on one broker, for {@code ./benchmark} and for the comparison's benchmark scenario:
 * for each step of the {@link Sweep} (partitions per topic, instances of each handler, payload size), each path
 * ({@link BenchPath}) sends {@code messages} probes as fast as it can (throughput, publish call to handled) and then
 * probes at a fixed {@code rate} for {@code duration} (latency at rate, from when each probe was due by the schedule:
 * a probe held back by a full window counts its wait), then the ledger's replay. Measured and reported, never
 * asserted.
 */
final class BenchmarkRun {

    /** A warm-up round's probes: rounds go on for {@code --duration}, three times as long on a variant's first setup. */
    private static final int WARM_UP = 5_000;

    /**
     * @param partitions   partitions per probe topic; the sweep grows them one at a time from the first
     * @param instances    instances of each path's handler; grown one at a time from the first
     * @param replayEvents events of the event-sourced ledger to replay in each variant, 0 for none
     * @param broker       the broker of the Dapr paths ({@code components/<broker>}); Kafka's tools and the direct
     *                     path run on Kafka
     */
    record Settings(List<Integer> payloadBytes, List<Integer> partitions, List<Integer> instances, int messages, int rate,
            int duration, int replayEvents, String broker) {
        Settings {
            payloadBytes = List.copyOf(payloadBytes);
            partitions = List.copyOf(partitions);
            instances = List.copyOf(instances);
        }

        /** At the agents' own partitions ({@link BenchRig#PARTITIONS}) on one instance of each handler. */
        Settings(List<Integer> payloadBytes, int messages, int rate, int duration, int replayEvents, String broker) {
            this(payloadBytes, List.of(BenchRig.PARTITIONS), List.of(1), messages, rate, duration, replayEvents, broker);
        }
    }

    private final Settings settings;
    private final PrintWriter console;
    private final Path logs;

    BenchmarkRun(Settings settings, PrintWriter console, Path logs) {
        this.settings = settings;
        this.console = console;
        this.logs = logs;
    }

    /** Kafka's tools and the agents' paths on {@code kafka}; {@code written} gets the results after every run. */
    BenchmarkResults measure(KafkaStack kafka, List<BenchPath> chosen, String command, Consumer<BenchmarkResults> written) {
        Sweep sweep = new Sweep(settings.partitions(), settings.instances(), settings.payloadBytes());
        Sweep.Step base = sweep.base();
        BenchmarkResults.Settings described = new BenchmarkResults.Settings(settings.messages(), settings.rate(),
                settings.duration(), base.partitions(), base.instances(), base.payloadBytes(), Math.min(settings.messages(), WARM_UP),
                "all", Runtime.getRuntime().availableProcessors() + " cores");
        Map<String, String> versions = new LinkedHashMap<>(Map.of("kafka", StackVersions.kafka(),
                "daprJavaSdk", StackVersions.daprSdk(), "java", Runtime.version().toString()));
        List<Run> runs = new ArrayList<>();
        List<Replay> replays = new ArrayList<>();
        String startedAt = Instant.now().toString();
        boolean dapr = chosen.stream().anyMatch(BenchPath::dapr);
        String brokers = kafka.describe();
        try (BenchRig rig = new BenchRig(kafka, "bench-" + Long.toString(System.nanoTime(), 36) + ".", logs);
                PubSubBroker broker = dapr ? PubSubBroker.start(settings.broker(), logs.resolve("brokers"), kafka) : null) {
            if (chosen.contains(BenchPath.DIRECT_KAFKA)) {
                rig.startDirect();
            }
            if (dapr) {
                versions.put("daprd", DaprInstallation.ensure().daprdVersion());
                if (!broker.name().equals("kafka")) {
                    brokers += "; the Dapr paths on " + broker.describe() + " (components/" + broker.name() + ")";
                }
                rig.startDapr(broker);
                console.printf("  Dapr     a publishing sidecar and bench-sink on %s, daprd %s%n", broker.describe(),
                        versions.get("daprd"));
            }
            sweep.idleInstances().forEach(idle -> console.println("  note     " + idle));
            Map<BenchRig.Setup, List<Sweep.Step>> bySetup = new LinkedHashMap<>();
            sweep.steps().forEach(step -> bySetup.computeIfAbsent(step.setup(), s -> new ArrayList<>()).add(step));
            String where = brokers;
            Consumer<Run> done = run -> {
                runs.add(run);
                console.println("  " + BenchmarkReport.line(run));
                // after every run: an interrupted benchmark keeps what it measured
                written.accept(new BenchmarkResults(BenchmarkResults.SCHEMA_VERSION, command, startedAt, null, where, described,
                        versions, null, runs, null, null));
            };
            // Kafka's tools are one producer and one consumer: they have no instances to grow
            if (chosen.contains(BenchPath.KAFKA_TOOL)) {
                rig.closeHandlers();
                for (Sweep.Step step : sweep.steps()) {
                    if (step.instances() == base.instances()) {
                        for (boolean atRate : new boolean[] {false, true}) {
                            done.accept(attempt(BenchPath.KAFKA_TOOL, step, atRate, null, () -> runTool(kafka, rig, step, atRate)));
                        }
                    }
                }
            }
            // a variant at a time through the setups, in the sweep's order: instances grow by adding to the running ones
            for (Implementation variant : List.of(Implementation.DIRECT_KAFKA, Implementation.DAPR)) {
                List<BenchPath> paths = chosen.stream().filter(path -> path != BenchPath.KAFKA_TOOL
                        && path.dapr() == (variant == Implementation.DAPR)).toList();
                if (paths.isEmpty()) {
                    continue;
                }
                boolean first = true; // its JVMs start cold: the variant's first setup warms up three times as long
                for (Map.Entry<BenchRig.Setup, List<Sweep.Step>> entry : bySetup.entrySet()) {
                    String setupFailed = setUp(rig, entry.getKey(), variant, paths, entry.getValue().get(0).payloadBytes(),
                            first ? 3 * settings.duration() : settings.duration());
                    first = false;
                    for (Sweep.Step step : entry.getValue()) {
                        for (BenchPath path : paths) {
                            for (boolean atRate : new boolean[] {false, true}) {
                                done.accept(attempt(path, step, atRate, setupFailed, () -> runPath(rig, path, step, atRate)));
                            }
                        }
                    }
                }
            }
            rig.closeHandlers();
            if (settings.replayEvents() > 0) {
                replay(kafka, rig, chosen, replays);
            }
        }
        BenchmarkResults results = new BenchmarkResults(BenchmarkResults.SCHEMA_VERSION, command, startedAt, null, brokers, described,
                versions, null, runs, replays.isEmpty() ? null : replays, null);
        return results.withTargets(new BenchmarkReport(results).targets());
    }

    /** The run, or what failed it: one run failing is a result, not the end of the benchmark — the others go on. */
    private Run attempt(BenchPath path, Sweep.Step step, boolean atRate, String setupFailed, Supplier<Run> run) {
        try {
            if (setupFailed != null) {
                throw new IllegalStateException(setupFailed);
            }
            return run.get();
        } catch (RuntimeException e) {
            return Run.failed(path.label(), step.payloadBytes(), step.partitions(), step.instances(), mode(atRate),
                    atRate ? settings.rate() : null, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
        }
    }

    /**
     * A variant's handlers for a setup, warmed up on each of its paths — JIT, connections, the first subscription:
     * not what a steady path costs. Returns why they could not be set up, or null.
     */
    private String setUp(BenchRig rig, BenchRig.Setup setup, Implementation variant, List<BenchPath> paths, int payloadBytes,
            int warmUpSeconds) {
        console.printf("  Setup    %s: %d partitions, %d instance%s%n", variant.label(), setup.partitions(), setup.instances(),
                setup.instances() == 1 ? "" : "s");
        try {
            BenchRig.Ready ready = rig.use(setup, variant);
            console.printf(Locale.ROOT, "  Ready    %d started in %.1f s, the group settled %.1f s later%n", ready.startedInstances(),
                    ready.started().toMillis() / 1e3, ready.settled().toMillis() / 1e3);
            for (BenchPath path : paths) {
                warmUp(rig, path, new Sweep.Step(setup.partitions(), setup.instances(), payloadBytes), warmUpSeconds);
            }
            return null;
        } catch (RuntimeException e) {
            String reason = "setting up " + setup.instances() + " " + variant.label() + " handler(s) on " + setup.partitions()
                    + " partitions: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            console.println("  " + reason);
            return reason;
        }
    }

    /**
     * Rounds as fast as the path goes for {@code seconds} (at least two), then up to 2 s at the fixed rate. The JVMs
     * start cold: with one round of 5,000 (a fraction of a second) the first payload measured at a quarter to a half
     * of the next one's throughput, whichever came first, and with 10 s of rounds still at 60%. The first run at the
     * fixed rate had five times the p50 of every later one, however long the rounds before it had gone flat out.
     */
    private void warmUp(BenchRig rig, BenchPath path, Sweep.Step step, int seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int rounds = 0;
        Long first = null;
        Long last = null;
        while (rounds < 2 || System.nanoTime() < until) {
            last = runPath(rig, path, step, false, Math.min(settings.messages(), WARM_UP)).throughputPerSec();
            first = rounds++ == 0 ? last : first;
        }
        int pacedSeconds = Math.min(2, settings.duration());
        Latency paced = runPath(rig, path, step, true, Math.min(settings.messages(), settings.rate() * pacedSeconds)).latencyMs();
        console.printf("  Warm-up  %s: %d rounds in %d s, the first at %s msg/s, the last at %s; at rate for %d s, e2e p50 %s ms%n",
                path.label(), rounds, seconds, first, last, pacedSeconds, paced == null ? "-" : paced.p50());
    }

    /** The event-sourced ledger rebuilt from {@code replayEvents} events, in each chosen variant. */
    private void replay(KafkaStack kafka, BenchRig rig, List<BenchPath> chosen, List<Replay> into) {
        Map<String, List<LedgerEvent>> history = LedgerReplay.history(settings.replayEvents());
        try (BarProgress progress = new BarProgress("replay " + settings.replayEvents() + " events")) {
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
            into.add(new Replay(null, null, null, null, null, null, null, null,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString())));
        }
        into.forEach(replay -> console.println("  " + BenchmarkReport.replayLine(replay)));
    }

    /** Kafka's tools: ProducerPerformance then ConsumerPerformance on a topic of its own, same producer settings. */
    private Run runTool(KafkaStack kafka, BenchRig rig, Sweep.Step step, boolean atRate) {
        int size = step.payloadBytes();
        String topic = "tool-" + size + "-p" + step.partitions() + (atRate ? "-at-rate" : "");
        rig.createTopics(List.of(topic), step.partitions());
        Properties producer = new Properties();
        producer.put("acks", "all");
        producer.put("enable.idempotence", "true");
        producer.put("linger.ms", "0"); // as KafkaEventPublisher
        long count = atRate ? (long) settings.rate() * settings.duration() : settings.messages();
        try (BarProgress progress = new BarProgress("kafka-tool " + describe(step))) {
            progress.phase(atRate ? "ProducerPerformance at " + settings.rate() + "/s" : "ProducerPerformance + ConsumerPerformance", -1);
            KafkaPerfTools.ProducerRun produced = KafkaPerfTools.produce(kafka.bootstrapServers(), rig.topic(topic), count,
                    size, atRate ? settings.rate() : -1, producer, logs);
            Latency ack = new Latency(produced.p50Ms(), produced.p95Ms(), produced.p99Ms(), produced.maxMs());
            Long handled = null;
            Long lost = null;
            Long throughput = null;
            Double fetched = null;
            if (!atRate) {
                KafkaPerfTools.ConsumerRun consumed = KafkaPerfTools.consume(kafka.bootstrapServers(), rig.topic(topic), count, logs);
                fetched = consumed.fetchRecordsPerSec();
                handled = consumed.records();
                lost = count - consumed.records();
                // one pass through the broker runs at the slower of the two sides
                throughput = Math.round(Math.min(produced.recordsPerSec(), consumed.fetchRecordsPerSec()));
            }
            return new Run(BenchPath.KAFKA_TOOL.label(), size, step.partitions(), step.instances(), mode(atRate),
                    atRate ? settings.rate() : null, produced.records(), handled, null, null, lost, null, null, throughput,
                    produced.recordsPerSec(), fetched, null, ack, null, null,
                    "raw records of the payload size, no envelope, no handler, one producer and one consumer; latency is the "
                            + "producer's send to acknowledgement (whole ms)", null);
        }
    }

    /** One of the agents' paths: probes published through it, counted and timed by the path's ProbeSink. */
    private Run runPath(BenchRig rig, BenchPath path, Sweep.Step step, boolean atRate) {
        return runPath(rig, path, step, atRate, atRate ? settings.rate() * settings.duration() : settings.messages());
    }

    private Run runPath(BenchRig rig, BenchPath path, Sweep.Step step, boolean atRate, int count) {
        int rate = settings.rate();
        int size = step.payloadBytes();
        String run = path.label() + "-" + size + "-p" + step.partitions() + "-i" + step.instances()
                + (atRate ? "-at-" + rate : "-max") + "-" + Long.toString(System.nanoTime(), 36);
        int batch = atRate ? Math.max(1, Math.min(path.batch(), rate / 100)) : path.batch();
        ProcessCosts costs = ProcessCosts.start();
        Published published;
        try (BarProgress progress = new BarProgress(path.label() + " " + describe(step))) {
            progress.phase(atRate ? "at " + rate + "/s" : "as fast as it goes", count);
            published = publish(rig.sender(path), run, size, count, batch, atRate ? rate : 0, path.maxInFlight(), progress::done);
            progress.phase("waiting for the handler", count);
            awaitHandled(rig, path, run, count - published.failures(), progress);
        }
        List<ProcessCost> spent = costs.end();
        BenchRig.Handled handled = rig.handled(path, run);
        ProbeSink.Stats stats = handled.merged();
        Map<String, Double> cpuSeconds = new LinkedHashMap<>();
        for (ProcessCost process : spent) {
            if (BenchRig.spentOn(path, process.role())) { // the other variant's processes idle meanwhile
                cpuSeconds.merge(process.role(), process.cpuSeconds(), Double::sum); // instances of a role together
            }
        }
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpuSeconds.forEach((role, seconds) -> cpu.put(role, Math.round(seconds * 1e6 / count)));
        return new Run(path.label(), size, step.partitions(), step.instances(), mode(atRate), atRate ? rate : null, (long) count,
                stats.handled(), handled.byInstance(), stats.duplicates(), count - published.failures() - stats.handled(),
                published.failures(), published.firstFailure(),
                Math.round(stats.handled() * 1e6 / Math.max(1, stats.lastHandledMicros() - published.firstMicros())), null, null,
                new Latency(ms(stats.p50Micros()), ms(stats.p95Micros()), ms(stats.p99Micros()), ms(stats.maxMicros())),
                published.acks().summary(), spent, cpu, null, null);
    }

    /** What a publishing loop did: when it began (wall clock, µs), the acknowledgements' latencies, the failures. */
    record Published(long firstMicros, Latencies acks, long failures, String firstFailure) {
    }

    /**
     * Sends {@code count} probes of {@code run} in batches through {@code sender}, at most {@code maxInFlight}
     * unacknowledged, and returns once every publish is acknowledged or failed. At a {@code rate} (0: as fast as it
     * goes) each batch is due by the schedule, and its probes and its acknowledgement are timed from then: a send held
     * back — by a full window or a slow call — counts its wait (no coordinated omission).
     */
    static Published publish(BenchRig.Sender sender, String run, int size, int count, int batch, int rate, int maxInFlight,
            java.util.function.LongConsumer sent) {
        Semaphore window = new Semaphore(maxInFlight);
        Latencies acks = new Latencies();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long firstMicros = Probe.nowMicros();
        long start = System.nanoTime();
        for (int i = 0; i < count; i += batch) {
            long dueNanos = rate > 0 ? start + (long) (i * 1e9 / rate) : System.nanoTime();
            LockSupport.parkNanos(dueNanos - System.nanoTime()); // the schedule, not a wait for a condition
            int n = Math.min(batch, count - i);
            window.acquireUninterruptibly(n);
            long dueMicros = firstMicros + (dueNanos - start) / 1_000;
            List<Probe> probes = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                probes.add(rate > 0 ? Probe.dueAt(run, i + j, size, dueMicros) : Probe.of(run, i + j, size));
            }
            long ackFrom = rate > 0 ? dueNanos : System.nanoTime();
            sender.send(probes).whenComplete((ok, failure) -> {
                acks.record(Duration.ofNanos(System.nanoTime() - ackFrom));
                if (failure != null) {
                    failures.addAndGet(n);
                    firstFailure.compareAndSet(null, String.valueOf(failure.getMessage()));
                }
                window.release(n);
            });
            sent.accept(i + n);
        }
        window.acquireUninterruptibly(maxInFlight); // every publish acknowledged (or failed)
        return new Published(firstMicros, acks, failures.get(), firstFailure.get());
    }

    /** Waits until the handler has every probe, or has made no progress for 30 s (the rest counts as lost). */
    private static void awaitHandled(BenchRig rig, BenchPath path, String run, long expected, BarProgress progress) {
        AtomicLong seen = new AtomicLong(-1);
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        try {
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(30)).until(() -> {
                long handled = rig.stats(path, run).stream().mapToLong(ProbeSink.Stats::handled).sum();
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

    private static String describe(Sweep.Step step) {
        return step.payloadBytes() + " B, " + step.partitions() + " partitions, " + step.instances() + "x";
    }

    private static String mode(boolean atRate) {
        return atRate ? "at-rate" : "throughput";
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
