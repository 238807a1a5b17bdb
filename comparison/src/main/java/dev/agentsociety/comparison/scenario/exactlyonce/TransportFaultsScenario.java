package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.scenario.exactlyonce.FaultsDetails.FaultRun;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.Implementation.EventSink;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster.ProxiedListener;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.toxiproxy.Toxiproxy;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.direct.eventledger.EventSourcedLedger;
import dev.agentsociety.direct.eventledger.LedgerLog;
import dev.agentsociety.direct.kafka.KafkaEventCodec;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.MoneyWithdrawn;
import dev.agentsociety.domain.ledger.PaymentRequested;
import dev.agentsociety.domain.ledger.WithdrawalRejected;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Transport faults under load, the same for both implementations: funded accounts, then payments at a steady rate
 * through each variant's own transport (direct: an idempotent acks=all {@code KafkaProducer}; Dapr: a publishing daprd,
 * whose sarama producer waits for all replicas and is not idempotent) while the event-sourced ledger agent decides
 * them, and one fault lands mid-stream: to the brokers ({@code broker-faults}, {@link BrokerFault}, on the three-broker
 * cluster of {@code --brokers 3}) or to the network between the clients and the brokers ({@code network-faults},
 * {@link NetworkFault}, through Toxiproxy). Then the check, independent of the code under test: every payment the
 * publisher was told succeeded is in the log (read with a plain consumer), copies and per-key order counted, every
 * payment in the log decided once by the ledger as the domain decides it on the log's order, and the longest time
 * without an acknowledgement and without a ledger decision.
 */
public final class TransportFaultsScenario implements Scenario {

    public static final String BROKER_FAULTS = "broker-faults";
    public static final String NETWORK_FAULTS = "network-faults";

    /**
     * How much load a fault lands in: payments before the first fault (committed by the ledger), handed to the
     * publisher while each lasts (a node away), and after each. The rate stays below what the slower ledger decides
     * (Dapr's on SQLite, about 50 a second here), so that a fault's backlog is the fault's, not the ledger's.
     */
    public record Settings(int accounts, int paymentsPerSecond, int before, int during, int after, long depositCents) {
        /** The suite's: each fault once, small. */
        static final Settings SUITE = new Settings(20, 30, 60, 90, 30, 20_000);
        /** ./compare's. */
        public static final Settings COMPARE = new Settings(40, 40, 200, 400, 200, 20_000);
    }

    /** One payment handed to the publisher: when (ms), during which fault's window, and what the publisher said. */
    private static final class Sent {
        final PaymentRequested payment;
        final int window;
        final long sentAt = System.currentTimeMillis();
        volatile long ackedAt;
        volatile String refusal;

        Sent(PaymentRequested payment, int window) {
            this.payment = payment;
            this.window = window;
        }
    }

    /** What the stream left: every payment handed over, when each fault began, and when the cluster was below min ISR. */
    private record Flow(List<Sent> sent, long[] faultStarts, long endedAt, long[] belowMinIsr) {
    }

    private final String name;
    private final List<? extends TransportFault> faults;
    private final Settings settings;

    private TransportFaultsScenario(String name, List<? extends TransportFault> faults, Settings settings) {
        this.name = name;
        this.faults = faults;
        this.settings = settings;
    }

    public static TransportFaultsScenario brokerFaults() {
        return new TransportFaultsScenario(BROKER_FAULTS, List.of(BrokerFault.values()), Settings.COMPARE);
    }

    public static TransportFaultsScenario networkFaults() {
        return new TransportFaultsScenario(NETWORK_FAULTS, List.of(NetworkFault.values()), Settings.COMPARE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return name.equals(BROKER_FAULTS)
                ? "--brokers 3: leader SIGKILL, SIGSTOP, rolling restart, 2 of 3 down, controller kill under load; "
                        + "acknowledged events lost, copies, order, recovery"
                : "through Toxiproxy: latency, a bandwidth limit, connection resets, the ledger agent cut off past its "
                        + "session timeout; acknowledged events lost, copies, order, recovery";
    }

    @Override
    public boolean runsByDefault() {
        return false;
    }

    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        EmbeddedKafkaCluster cluster = embedded(stage.kafka(), name.equals(BROKER_FAULTS) ? 3 : stage.kafka().brokers());
        ProcessCosts costs = ProcessCosts.start();
        List<FaultRun> runs = new ArrayList<>();
        // the guarded faults one after another in one stream; the contrast, on its weakened topic, in one of its own
        for (boolean contrast : List.of(false, true)) {
            List<? extends TransportFault> these = faults.stream().filter(f -> f.contrast() == contrast).toList();
            if (!these.isEmpty()) {
                runs.addAll(run(cluster, stage.topics().prefix(), stage.logs(), implementation, these, settings, progress));
            }
        }
        costs.end();
        return result(name, implementation, runs, costs);
    }

    static ScenarioResult result(String scenario, Implementation implementation, List<FaultRun> runs, ProcessCosts costs) {
        List<FaultRun> guarded = runs.stream().filter(r -> !r.contrast()).toList();
        return costs.into(ScenarioResult.of(scenario, implementation.label(), "kafka"))
                .counts(guarded.stream().mapToLong(FaultRun::acknowledged).sum(),
                        guarded.stream().mapToLong(r -> r.acknowledged() - r.acknowledgedLost()).sum(),
                        guarded.stream().mapToLong(FaultRun::copies).sum(),
                        guarded.stream().mapToLong(FaultRun::acknowledgedLost).sum(),
                        guarded.stream().mapToLong(FaultRun::orderViolations).sum())
                .passed(runs.stream().allMatch(FaultRun::passed))
                .details(new FaultsDetails(runs))
                .build();
    }

    /** The cluster a fault can be done to: this harness's own brokers, with the listeners a proxy can stand before. */
    static EmbeddedKafkaCluster embedded(KafkaStack kafka, int brokers) {
        if (!(kafka instanceof EmbeddedKafkaCluster cluster) || cluster.brokers() != brokers) {
            throw new IllegalStateException("transport faults need the harness's own " + (brokers == 3 ? "three brokers"
                    + " to kill and stall: run with --brokers 3" : "brokers, with listeners a proxy can stand in front of")
                    + " (not " + kafka.describe() + ")");
        }
        return cluster;
    }

    /**
     * One stream of payments, on topics of its own, with a ledger agent and a publisher of its own, and the faults
     * landing one after another in it — each once the ledger has caught up with the one before — and a row per fault,
     * for the payments handed over from its start to the next one's.
     */
    static List<FaultRun> run(EmbeddedKafkaCluster cluster, String prefix, Path logs, Implementation implementation,
            List<? extends TransportFault> faults, Settings settings, Progress progress) throws Exception {
        TransportFault first = faults.get(0);
        if (faults.stream().anyMatch(f -> f.contrast() != first.contrast() || f.throughProxies() != first.throughProxies())) {
            throw new IllegalArgumentException("one stream takes faults of one kind: " + faults);
        }
        boolean proxied = first.throughProxies();
        Topics topics = new Topics(prefix + (first.contrast() ? "weak" : proxied ? "network" : "brokers") + ".");
        TopologyApplier.ensureSpec(cluster.bootstrapServers(), topics.prefix(), cluster.brokers());
        ExactlyOnceScenario.Setup setup = new ExactlyOnceScenario.Setup(implementation, false,
                ExactlyOnceScenario.Fault.CRASH, StateStore.SQLITE);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
             StateStore.Running store = setup.store().start(logs)) {
            if (first.contrast()) {
                weaken(admin, topics.paymentRequested());
            }
            Set<String> watched = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(topics.prefix()) || t.startsWith("__")).collect(Collectors.toSet());
            Flow flow;
            try (Toxiproxy toxiproxy = proxied ? proxies(cluster, logs) : null;
                 ExactlyOnceScenario.Agent agent = ExactlyOnceScenario.start(proxied
                         ? cluster.throughProxies(TransportFault.AGENT_SET) : cluster, topics, logs, setup, store, "1");
                 EventSink publisher = publisher(proxied ? cluster.throughProxies(TransportFault.PUBLISHER_SET) : cluster,
                         topics, logs, implementation, first)) {
                flow = drive(cluster, toxiproxy, watched, admin, topics, publisher, faults, settings, progress);
                progress.phase("stopping the agents", 0);
            }
            return check(cluster, topics, implementation, faults, settings, flow);
        }
    }

    /** A Toxiproxy with a proxy in front of every listener of both proxied sets. */
    private static Toxiproxy proxies(EmbeddedKafkaCluster cluster, Path logs) {
        Toxiproxy toxiproxy = Toxiproxy.start(logs);
        try {
            for (int set : List.of(TransportFault.PUBLISHER_SET, TransportFault.AGENT_SET)) {
                for (ProxiedListener listener : cluster.proxiedListeners(set)) {
                    toxiproxy.proxy(NetworkFault.proxyName(set, listener), listener.advertisedPort(),
                            "127.0.0.1:" + listener.brokerPort());
                }
            }
            return toxiproxy;
        } catch (RuntimeException e) {
            toxiproxy.close();
            throw e;
        }
    }

    /** The contrast's topic: one in-sync replica is enough to acknowledge, and an out-of-sync one may become leader. */
    private static void weaken(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "true"),
                        AlterConfigOp.OpType.SET)))).all().get();
    }

    /**
     * The payments' publisher in the variant's transport. The contrast's direct one acknowledges on the leader's write
     * alone (acks=1, no idempotence); Dapr's component has no setting below WaitForAll, so its publisher is the same.
     */
    private static EventSink publisher(KafkaStack kafka, Topics topics, Path logs, Implementation implementation,
            TransportFault fault) {
        if (fault.contrast() && implementation == Implementation.DIRECT_KAFKA) {
            KafkaEventPublisher weak = new KafkaEventPublisher(kafka.bootstrapServers(), "payments-publisher",
                    Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
            return new EventSink(weak::send, List.of(weak), Map.of());
        }
        return implementation.publisher(kafka, topics, "payments-publisher", logs);
    }

    private static Flow drive(EmbeddedKafkaCluster cluster, Toxiproxy toxiproxy, Set<String> watched, Admin admin,
            Topics topics, EventSink publisher, List<? extends TransportFault> faults, Settings settings,
            Progress progress) throws Exception {
        progress.phase("funding " + settings.accounts() + " accounts", settings.accounts());
        List<CompletableFuture<?>> funded = new ArrayList<>();
        for (int a = 1; a <= settings.accounts(); a++) {
            funded.add(publisher.send(topics.ledgerCommands(), deposit(a, settings)));
        }
        CompletableFuture.allOf(funded.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        ExactlyOnceScenario.awaitCommitted(admin, topics.ledgerCommands(), settings.accounts(), progress);

        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicInteger window = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long[] faultStarts = new long[faults.size()];
        long[] belowMinIsr = {0, 0};
        Random random = new Random(7);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payments"));
        TransportFault.Load load = new TransportFault.Load() {
            @Override
            public void awaitMoreSent(int payments) {
                int target = sent.size() + payments;
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    progress.done(sent.size());
                    return sent.size() >= target;
                });
            }

            @Override
            public void belowMinIsr(boolean below) {
                belowMinIsr[below ? 0 : 1] = System.currentTimeMillis();
            }
        };
        try {
            pacer.scheduleAtFixedRate(() -> {
                if (stop.get()) {
                    return;
                }
                Sent one = new Sent(PaymentRequested.of("acc-" + (1 + random.nextInt(settings.accounts())),
                        1 + random.nextInt(2_000)), window.get());
                sent.add(one);
                try {
                    publisher.send(topics.paymentRequested(), one.payment).whenComplete((done, failure) -> {
                        if (failure == null) {
                            one.ackedAt = System.currentTimeMillis();
                        } else {
                            one.refusal = String.valueOf(failure.getMessage());
                        }
                    });
                } catch (RuntimeException refused) {
                    one.refusal = String.valueOf(refused.getMessage());
                }
            }, 0, 1_000_000 / settings.paymentsPerSecond(), TimeUnit.MICROSECONDS);

            progress.phase(settings.before() + " payments before the first fault", settings.before());
            ExactlyOnceScenario.awaitCommitted(admin, topics.paymentRequested(), settings.before(), progress);
            for (int i = 0; i < faults.size(); i++) {
                TransportFault fault = faults.get(i);
                if (i > 0) { // the next fault lands on a ledger that has caught up with the one before
                    long written = records(admin, topics.paymentRequested());
                    progress.phase("ledger catching up before " + lower(fault), written);
                    ExactlyOnceScenario.awaitCommitted(admin, topics.paymentRequested(), written, progress);
                }
                progress.phase(lower(fault) + ": " + fault.description(), sent.size() + settings.during());
                window.set(i);
                faultStarts[i] = System.currentTimeMillis();
                fault.inject(new TransportFault.Context(cluster, toxiproxy, topics.paymentRequested(), watched,
                        EventSourcedLedger.GROUP, load, settings.during()));
                load.awaitMoreSent(settings.after());
            }
            stop.set(true);
        } finally {
            stop.set(true);
            pacer.shutdown();
            pacer.awaitTermination(10, TimeUnit.SECONDS);
        }
        long endedAt = System.currentTimeMillis();
        // every publish answered: acknowledged or refused (the Java producer gives up after delivery.timeout.ms, 120 s)
        progress.phase("waiting for every publish to be answered", sent.size());
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> sent.stream().allMatch(s -> s.ackedAt != 0 || s.refusal != null));
        // and the ledger through with all the log holds
        long inLog = records(admin, topics.paymentRequested());
        progress.phase("ledger deciding the " + inLog + " payments in the log", inLog);
        ExactlyOnceScenario.awaitCommitted(admin, topics.paymentRequested(), inLog, progress);
        return new Flow(List.copyOf(sent), faultStarts, endedAt, belowMinIsr);
    }

    private static String lower(TransportFault fault) {
        return fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static DepositRequested deposit(int account, Settings settings) {
        return DepositRequested.of("acc-" + account, 1, settings.depositCents());
    }

    /**
     * The log against what the publisher was told, and the ledger's decisions against the domain's on the log: a row
     * per fault, for the payments handed over in its window (the first fault's from the start, the last's to the end).
     */
    private static List<FaultRun> check(KafkaStack kafka, Topics topics, Implementation implementation,
            List<? extends TransportFault> faults, Settings settings, Flow flow) {
        LedgerLog log = new LedgerLog(kafka.bootstrapServers());
        // the payments log, read with a plain consumer: each payment's first place, and how many copies
        Map<String, Long> firstOffset = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        List<PaymentRequested> logOrder = new ArrayList<>();
        long[] unreadable = {0};
        log.readToEnd(log.partitions(topics.paymentRequested()), record -> {
            try {
                PaymentRequested payment = KafkaEventCodec.open(record)
                        .read(PaymentRequested.class, PaymentRequested.SCHEMA_VERSION);
                if (copies.merge(payment.eventId(), 1, Integer::sum) == 1) {
                    firstOffset.put(payment.eventId(), record.offset());
                    logOrder.add(payment);
                }
            } catch (RuntimeException e) {
                unreadable[0]++;
            }
        });
        // per key, in the order they were sent: one acknowledged before another must not stand after it in the log
        Set<String> outOfOrder = new HashSet<>();
        Map<String, Long> furthest = new HashMap<>();
        for (Sent s : flow.sent()) {
            Long offset = s.ackedAt == 0 ? null : firstOffset.get(s.payment.eventId());
            if (offset != null && furthest.merge(s.payment.accountId(), offset, Math::max) > offset) {
                outOfOrder.add(s.payment.eventId());
            }
        }
        // the ledger: every payment in the log decided once, as the domain decides it on the log's order
        List<DepositRequested> deposits = new ArrayList<>();
        for (int a = 1; a <= settings.accounts(); a++) {
            deposits.add(deposit(a, settings));
        }
        Map<String, String> expected = ExactlyOnceScenario.reference(deposits, logOrder);
        Map<String, String> decided = new HashMap<>();
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, LedgerEvent> byId = new LinkedHashMap<>();
        List<Long> decidedAt = new ArrayList<>();
        log.readToEnd(log.partitions(topics.ledgerEvents()), record -> {
            LedgerEvent event = LedgerLog.event(record).orElseThrow();
            if (byId.putIfAbsent(event.eventId() + "@" + event.sequence(), event) == null
                    && (event instanceof MoneyWithdrawn || event instanceof WithdrawalRejected)) {
                outcomes.merge(event.causationId(), 1, Integer::sum);
                decided.putIfAbsent(event.causationId(), ExactlyOnceScenario.outcome(event));
                decidedAt.add(record.timestamp());
            }
        });
        // events not at the place their sequence claims, by the command that caused them
        Map<String, String> outOfSequence = new HashMap<>();
        Map<String, List<LedgerEvent>> byAccount = new TreeMap<>();
        byId.values().forEach(e -> byAccount.computeIfAbsent(e.accountId(), a -> new ArrayList<>()).add(e));
        byAccount.values().forEach(history -> {
            history.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
            for (int i = 0; i < history.size(); i++) {
                LedgerEvent event = history.get(i);
                if (event.sequence() != i + 1) {
                    outOfSequence.putIfAbsent(event.causationId(), event.accountId() + " event " + (i + 1) + " is "
                            + event.getClass().getSimpleName() + " #" + event.sequence() + " (" + event.eventId() + ")");
                }
            }
        });
        boolean ledgerWhole = unreadable[0] == 0 && decided.keySet().stream().allMatch(expected::containsKey)
                && deposits.stream().map(DepositRequested::accountId).allMatch(byAccount::containsKey);

        List<FaultRun> runs = new ArrayList<>();
        for (int w = 0; w < faults.size(); w++) {
            TransportFault fault = faults.get(w);
            int window = w;
            List<Sent> sent = flow.sent().stream().filter(s -> s.window == window).toList();
            List<Sent> acked = sent.stream().filter(s -> s.ackedAt != 0).toList();
            List<String> lost = acked.stream().map(s -> s.payment.eventId()).filter(id -> !copies.containsKey(id)).toList();
            List<String> inLog = sent.stream().map(s -> s.payment.eventId()).filter(copies::containsKey).toList();
            long extraCopies = inLog.stream().mapToLong(id -> copies.get(id) - 1L).sum();
            long orderViolations = acked.stream().filter(s -> outOfOrder.contains(s.payment.eventId())).count();
            long ackedBelowMinIsr = flow.belowMinIsr()[0] == 0 ? 0 : acked.stream()
                    .filter(s -> s.sentAt > flow.belowMinIsr()[0] && s.ackedAt < flow.belowMinIsr()[1]).count();
            long undecided = inLog.stream().filter(id -> !decided.containsKey(id)).count();
            long extraEffects = inLog.stream().mapToLong(id -> outcomes.getOrDefault(id, 1) - 1L).sum();
            long unlike = inLog.stream().filter(id -> decided.containsKey(id) && !decided.get(id).equals(expected.get(id))).count();
            long misplaced = inLog.stream().filter(outOfSequence::containsKey).count();
            List<String> ledgerProblems = Stream.concat(
                    inLog.stream().filter(id -> !decided.containsKey(id)).map(id -> "payment " + id + " undecided"),
                    inLog.stream().filter(outOfSequence::containsKey).map(outOfSequence::get)).limit(5).toList();
            long from = flow.faultStarts()[w];
            long to = w + 1 < faults.size() ? flow.faultStarts()[w + 1] : flow.endedAt();
            double publishStall = longestGapSeconds(from, to, flow.sent().stream().map(s -> s.ackedAt).toList());
            double ledgerStall = longestGapSeconds(from, to, decidedAt);

            boolean ledgerExact = ledgerWhole && undecided == 0 && extraEffects == 0 && unlike == 0 && misplaced == 0;
            boolean transportKept = ackedBelowMinIsr == 0 && (fault.contrast()
                    // the contrast shows what it is there to show: direct's acks=1 loses acknowledged payments
                    ? (implementation == Implementation.DIRECT_KAFKA) != lost.isEmpty()
                    : lost.isEmpty() && (implementation != Implementation.DIRECT_KAFKA || extraCopies == 0 && orderViolations == 0));
            long refusedButWritten = sent.stream().filter(s -> s.refusal != null && copies.containsKey(s.payment.eventId())).count();
            List<String> refusals = sent.stream().map(s -> s.refusal).filter(r -> r != null).distinct().limit(3).toList();
            runs.add(new FaultRun(fault.name(), fault.description(), fault.contrast(), sent.size(), acked.size(),
                    sent.stream().filter(s -> s.refusal != null).count(), refusedButWritten, lost.size(), extraCopies,
                    orderViolations, ackedBelowMinIsr, inLog.size(), undecided, extraEffects, unlike, misplaced,
                    round(publishStall), round(ledgerStall), round((to - from) / 1000.0), ledgerExact && transportKept,
                    lost.stream().limit(5).toList(), ledgerProblems, refusals));
        }
        return runs;
    }

    /** How many records the topic holds: the sum of its partitions' end offsets (no transactions write to it). */
    private static long records(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /**
     * The longest stretch, in seconds, from {@code from} to {@code to} (ms) without progress: between the start, the
     * moments of progress within it, and its end.
     */
    static double longestGapSeconds(long from, long to, Collection<Long> moments) {
        List<Long> points = new ArrayList<>(List.of(from, to));
        moments.stream().filter(t -> t > from && t < to).forEach(points::add);
        points.sort(null);
        long longest = 0;
        for (int i = 1; i < points.size(); i++) {
            longest = Math.max(longest, points.get(i) - points.get(i - 1));
        }
        return longest / 1000.0;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
