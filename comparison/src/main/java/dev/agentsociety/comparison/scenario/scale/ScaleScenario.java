package dev.agentsociety.comparison.scenario.scale;

import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.scenario.groups.ConsumerGroupWatch;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.scale.CustomerActivity;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The chapter's scaling claim, measured: a population of customer agents ({@link CustomerAgents}: one identity per
 * customer, hosted by a few processes) where each agent, on its customer's activity, tells three peers — through
 * events on {@code peer-notes}, or synchronously, calling each peer's host and waiting (plain HTTP in the direct
 * variant, Dapr service invocation in the Dapr one). One activity per agent goes in; what comes out is compared with
 * the notes the population's peer graph implies, note by note. Per population, per style, with and without one slow
 * agent: throughput, latency from each activity's intended send time to its last peer's taking the note, the hosts'
 * CPU and memory — the curve, and where each style stopped scaling on this machine.
 */
public final class ScaleScenario implements Scenario {

    public static final String NAME = "scale";
    /** The client outside the society that reports the customers' activity (topology/topics.yaml). */
    static final String ACTIVITY_FEED = "activity-feed";
    private static final String SLOW_CUSTOMER = CustomerAgents.customer(0);
    /** customer-activity's and peer-notes' partitions (topology/topics.yaml's default). */
    private static final int PARTITIONS = 6;

    /**
     * @param populations the sizes, smallest first
     * @param spread      each agent's customer acts once, the population's activities evenly spread over this time:
     *                    the offered rate grows with the population (agents / spread per second)
     * @param warmUp      activities before the timed ones, at least one per agent (sent at once, not timed)
     * @param slownessMs  what each note costs the slow agent
     * @param timeout     how long a run may take to deliver every note before it counts as not keeping up
     * @param slowAgent   per population and style, a run without ({@code false}) and one with ({@code true}) the slow agent
     */
    record Settings(List<Integer> populations, int instances, Duration spread, int warmUp, long slownessMs, Duration timeout,
            List<Boolean> slowAgent) {

        /**
         * What {@code ./compare} runs: three hosts, 10 s, a warm-up of at least 2,000 activities, each population and
         * style without and with the slow agent, 100 ms per note.
         */
        static Settings of(List<Integer> populations) {
            return new Settings(populations, 3, Duration.ofSeconds(10), 2_000, 100, Duration.ofMinutes(3), List.of(false, true));
        }

        int warmUpFor(int population) {
            return Math.max(population, warmUp);
        }

        double offeredPerSec(int population) {
            return population * 1e9 / spread.toNanos();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "agents (one per customer, --agents 100,1000,10000) telling their peers by events against synchronous calls, "
                + "with one slow agent: the throughput, latency and cost curve";
    }

    @Override
    public boolean runsByDefault() {
        return false;
    }

    /** {@code --agents} customers per run, as {@link Settings#of}. */
    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        return run(implementation, stage.kafka(), stage.topics(), stage.logs(), Settings.of(stage.agents()), progress);
    }

    static ScenarioResult run(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, Settings settings,
            Progress progress) {
        List<ScaleDetails.Run> runs = new ArrayList<>();
        List<ProcessCost> allCosts = new ArrayList<>();
        for (int population : settings.populations()) {
            for (String style : List.of("events", "sync")) {
                for (boolean slow : settings.slowAgent()) {
                    progress.phase(population + " agents, " + style + (slow ? ", one slow" : ""), population);
                    Topics runTopics = new Topics(topics.prefix() + population + "-" + style + (slow ? "-slow" : "") + ".");
                    TopologyApplier.ensureSpec(kafka.adminConfig(), runTopics.prefix(), kafka.brokers());
                    CustomerHosts.Setup setup = new CustomerHosts.Setup(population, style, slow ? SLOW_CUSTOMER : "",
                            slow ? settings.slownessMs() : 0, settings.instances());
                    try (CustomerHosts hosts = CustomerHosts.start(implementation, kafka, runTopics, logs, setup)) {
                        runs.add(runOnce(kafka, runTopics, hosts, setup, settings, progress, allCosts));
                    }
                }
            }
        }
        List<ScaleDetails.Stop> stops = stops(runs);
        long expected = runs.stream().mapToLong(ScaleDetails.Run::notesExpected).sum();
        long taken = runs.stream().mapToLong(ScaleDetails.Run::notesTaken).sum();
        long wrong = runs.stream().mapToLong(run -> run.missing() + run.unexpected()).sum();
        return ScenarioResult.of(NAME, implementation.label(), "kafka").processes(allCosts)
                .counts(expected, taken, runs.stream().mapToLong(ScaleDetails.Run::duplicates).sum(),
                        runs.stream().mapToLong(ScaleDetails.Run::missing).sum(), 0)
                .unexpected(runs.stream().mapToLong(ScaleDetails.Run::unexpected).sum())
                .passed(wrong == 0 && runs.stream().allMatch(run -> run.completed() && run.badInput().allDeadLettered()))
                .details(new ScaleDetails(settings.instances(), SLOW_CUSTOMER, settings.slownessMs(), settings.spread().toMillis() / 1000.0,
                        runs, stops))
                .build();
    }

    private static ScaleDetails.Run runOnce(KafkaStack kafka, Topics topics, CustomerHosts hosts, CustomerHosts.Setup setup,
            Settings settings, Progress progress, List<ProcessCost> allCosts) {
        int population = setup.population();
        Map<String, Instant> intended = new HashMap<>();
        Set<String> measured = new HashSet<>();
        try (KafkaEventPublisher feed = new KafkaEventPublisher(kafka.bootstrapServers(), ACTIVITY_FEED);
                ConsumerGroupWatch activity = new ConsumerGroupWatch(kafka.bootstrapServers(), CustomerAgents.NAME, topics.customerActivity()).start();
                ConsumerGroupWatch notes = new ConsumerGroupWatch(kafka.bootstrapServers(), CustomerAgents.NAME, topics.peerNotes()).start()) {
            // every host holds its share of both topics before anything is sent: a rebalance would be timed otherwise
            int members = Math.min(setup.instances(), PARTITIONS);
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> activity.settledOn(members, PARTITIONS)
                    && notes.settledOn(members, PARTITIONS));
            // bad input first, so the warm-up's valid records come after it on the same partitions
            Map<String, Map<String, byte[]>> poison = ScalePoison.forTopics(topics);
            int poisonSent = ScalePoison.send(kafka, poison);
            // warm-up, a round of its own: the first connections, and enough work for the JIT to compile the hot paths
            // of every host (cold, a host spent more CPU compiling than working); its notes are checked, not timed
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < settings.warmUpFor(population); i++) {
                sent.add(send(feed, topics, "warm" + i / population + "-" + i % population, i % population, Instant.now(), intended));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            long warmNotes = (long) intended.size() * CustomerAgents.PEERS;
            boolean warm = awaitTaken(hosts, warmNotes, settings.timeout());
            List<String> deadLetters = ScalePoison.deadLetters(kafka, List.copyOf(poison.keySet()), poisonSent, Duration.ofSeconds(60))
                    .values().stream().flatMap(List::stream).toList();
            ScaleDetails.BadInput badInput = new ScaleDetails.BadInput(poisonSent, deadLetters.size(),
                    (int) deadLetters.stream().filter(reason -> !reason.isBlank()).count());
            if (!warm) { // not keeping up already: nothing to time
                return analyse(setup, settings.offeredPerSec(population), intended, measured, hosts.effects(), List.of(), false, badInput);
            }

            ProcessCosts costs = ProcessCosts.start();
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            sent.clear();
            for (int i = 0; i < population; i++) {
                long offset = (long) (i * 1e9 / settings.offeredPerSec(population));
                LockSupport.parkNanos(startNanos + offset - System.nanoTime()); // the schedule, not a wait for a condition
                Instant due = start.plusNanos(offset);
                String id = "act-" + i;
                measured.add(id);
                sent.add(send(feed, topics, id, i, due, intended));
                if (i % 100 == 99) {
                    progress.done(i + 1);
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            boolean completed = awaitTaken(hosts, warmNotes + (long) population * CustomerAgents.PEERS, settings.timeout());
            List<ProcessCost> spent = costs.end();
            allCosts.addAll(spent);
            progress.done(population);
            return analyse(setup, settings.offeredPerSec(population), intended, measured, hosts.effects(), spent, completed, badInput);
        }
    }

    private static CompletableFuture<?> send(KafkaEventPublisher feed, Topics topics, String id, int customer, Instant due,
            Map<String, Instant> intended) {
        intended.put(id, due);
        return feed.send(topics.customerActivity(), new CustomerActivity(id, CustomerAgents.customer(customer), due,
                CustomerActivity.SCHEMA_VERSION));
    }

    /** Waits until the hosts have taken that many notes; false when they had not by the timeout. */
    private static boolean awaitTaken(CustomerHosts hosts, long notes, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> hosts.taken() >= notes);
            return true;
        } catch (ConditionTimeoutException notInTime) {
            return false;
        }
    }

    /** Every note the peer graph implies, against what the hosts took: each missing, unexpected or repeated one counts. */
    static ScaleDetails.Run analyse(CustomerHosts.Setup setup, double offeredPerSec, Map<String, Instant> intended, Set<String> measured,
            List<CustomerAgents.Effects> effects, List<ProcessCost> spent, boolean completed, ScaleDetails.BadInput badInput) {
        int population = setup.population();
        Map<String, String> expected = new HashMap<>(); // note id -> activity id
        Set<String> touchesSlow = new HashSet<>();
        intended.keySet().forEach(activity -> {
            int customer = Integer.parseInt(activity.substring(activity.indexOf('-') + 1));
            for (int peer : CustomerAgents.peersOf(customer, population)) {
                expected.put(CustomerAgents.noteId(activity, CustomerAgents.customer(peer)), activity);
                if (CustomerAgents.customer(peer).equals(setup.slowCustomer())) {
                    touchesSlow.add(activity);
                }
            }
        });
        Map<String, Long> lastTakenMicros = new HashMap<>();
        Set<String> taken = new HashSet<>();
        long duplicates = 0;
        int unexpected = 0;
        for (CustomerAgents.Effects host : effects) {
            duplicates += host.duplicates();
            for (CustomerAgents.Applied note : host.applied()) {
                if (!taken.add(note.noteId())) {
                    duplicates++; // taken by two hosts (a synchronous call retried elsewhere, or a rebalance)
                } else if (!note.activityId().equals(expected.get(note.noteId()))) {
                    unexpected++;
                } else {
                    lastTakenMicros.merge(note.activityId(), note.atMicros(), Math::max);
                }
            }
        }
        int missing = (int) expected.keySet().stream().filter(note -> !taken.contains(note)).count();
        Latencies all = new Latencies();
        Latencies others = new Latencies();
        long firstDue = Long.MAX_VALUE;
        long lastTaken = Long.MIN_VALUE;
        for (String activity : measured) {
            Long at = lastTakenMicros.get(activity);
            long due = ChronoUnit.MICROS.between(Instant.EPOCH, intended.get(activity));
            firstDue = Math.min(firstDue, due);
            if (at == null) {
                continue;
            }
            lastTaken = Math.max(lastTaken, at);
            Duration latency = Duration.ofNanos((at - due) * 1_000);
            all.record(latency);
            if (!touchesSlow.contains(activity)) {
                others.record(latency);
            }
        }
        double seconds = Math.max(1, lastTaken - firstDue) / 1e6;
        double cpu = spent.stream().filter(ScaleScenario::host).mapToDouble(ProcessCost::cpuSeconds).sum();
        double rss = spent.stream().filter(ScaleScenario::host).mapToDouble(ProcessCost::peakRssMb).sum();
        int notes = measured.size() * CustomerAgents.PEERS;
        return new ScaleDetails.Run(population, setup.style(), !setup.slowCustomer().isEmpty(), round(offeredPerSec), measured.size(),
                expected.size(),
                taken.size(), missing, unexpected, duplicates, completed, round(measured.size() / seconds), round(notes / seconds),
                all.summary(), setup.slowCustomer().isEmpty() ? null : others.summary(), round(cpu), round(rss),
                round(cpu * 1e6 / Math.max(1, measured.size() + notes)), round(rss * 1000 / population), badInput);
    }

    /** A customer-agents process: an app or its sidecar. */
    private static boolean host(ProcessCost cost) {
        return cost.role().startsWith(CustomerAgents.NAME);
    }

    /** A run keeps up when it achieves at least this share of the offered rate. */
    static final double KEEPS_UP = 0.9;

    /**
     * Where each style stopped scaling: the first population (without the slow agent) whose run did not deliver every
     * note in time, or achieved less than {@link #KEEPS_UP} of the rate it was offered — with a 10 s spread, its last
     * note came more than about a second after the last activity was due, and the queue only grows from there.
     */
    static List<ScaleDetails.Stop> stops(List<ScaleDetails.Run> runs) {
        List<ScaleDetails.Stop> stops = new ArrayList<>();
        for (String style : List.of("events", "sync")) {
            runs.stream().filter(r -> r.style().equals(style) && !r.slow())
                    .filter(run -> !run.completed() || run.activitiesPerSec() < KEEPS_UP * run.offeredPerSec()).findFirst()
                    .ifPresent(run -> stops.add(new ScaleDetails.Stop(style, run.agents(), !run.completed()
                            ? "not every note was taken within the run's time limit"
                            : String.format(Locale.ROOT, "%.0f activities/s of the %.0f/s offered (p99 %.0f ms)",
                                    run.activitiesPerSec(), run.offeredPerSec(), run.latencyMs().p99()))));
        }
        return stops;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
