package dev.agentsociety.comparison.scenario.brokers;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.brokerprobe.BrokerProbeApplication;
import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.ScenarioResult.Latency;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.scenario.poison.PoisonScenario;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.KafkaReadiness;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.bench.Probe;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.BulkPublishEntry;
import io.dapr.client.domain.BulkPublishRequest;
import io.dapr.client.domain.PublishEventRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The broker matrix: Dapr's pub/sub on one broker ({@code --broker}, its {@code components/<broker>} folder), the
 * same code on every broker, each property measured rather than assumed. broker-probe apps — the agents' way of
 * taking records ({@code IncomingEvents}), a trace file each — and a publisher app's sidecar:
 *
 * <ol>
 *   <li>earlier probes published before anyone subscribes (replay), then probe-a and probe-b start: fan-out of
 *       {@code messages} keyed probes to both app-ids, the same in bulk, the poison set of the robustness issue
 *       (published raw) between valid probes, probes at 1,000/s for {@code --duration} seconds (latency from each
 *       probe's due time), then as many as it goes (throughput);</li>
 *   <li>one app-id, probe-group: a stream of keyed probes at 100/s while instances go 1 → 3 (competing consumers)
 *       → 1 (per-key order), then the last instance's app is SIGKILLed and restarted (redelivery).</li>
 * </ol>
 *
 * Every figure comes from the trace files and the publisher's acknowledgements. Each property not held must be a
 * {@link BrokerGap} of that broker, and each gap's property must not be held: {@code passed} says the matrix is the
 * declared one. Dapr only: direct-kafka has no component to swap.
 */
public final class BrokerMatrixScenario implements Scenario {

    public static final String NAME = "broker-matrix";
    static final String PUBSUB = "pubsub";
    static final int KEYS = 8;
    static final int GROUP_RATE = 100;
    static final int LATENCY_RATE = 1_000;
    private static final int PAYLOAD = 100;
    private static final Pattern CONTRIB_FRAME = Pattern.compile("components-contrib@[^/]+/(\\S+\\.go:\\d+)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Dapr on --broker (each of components/): fan-out, competing consumers, per-key order 1→3→1, redelivery "
                + "after a kill, dead letters with reasons, replay, bulk, the poison set, latency at 1,000/s, throughput";
    }

    @Override
    public int defaultMessages() {
        return 200;
    }

    @Override
    public boolean portable() {
        return true;
    }

    @Override
    public boolean runs(Implementation implementation) {
        return implementation == Implementation.DAPR;
    }

    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        if (implementation != Implementation.DAPR) {
            throw new IllegalArgumentException(NAME + " measures Dapr's components; direct-kafka has none to swap");
        }
        Path work = stage.logs().resolve(NAME + "-" + stage.broker() + "-" + Long.toString(System.nanoTime(), 36));
        ProcessCosts costs = ProcessCosts.start();
        try (PubSubBroker broker = PubSubBroker.start(stage.broker(), work.resolve("broker"), stage.kafka());
                Rig rig = new Rig(stage, broker, work)) {
            Map<Property, Capability> cells = new EnumMap<>(Property.class);
            Measured group = rig.measure(stage.signups(), stage.durationSeconds() == null ? 1 : stage.durationSeconds(),
                    progress, cells);
            broker.exited().ifPresent(died -> {
                throw new IllegalStateException("the " + broker.name() + " broker died mid-run, its cells are not its own: " + died);
            });
            List<Capability> capabilities = new ArrayList<>();
            for (Property property : Property.values()) {
                Capability cell = cells.get(property);
                capabilities.add(new Capability(property.key(), cell.held(), cell.measured(),
                        cell.held() ? null : BrokerGap.of(broker.name(), property).map(Enum::name).orElse(null)));
            }
            boolean asDeclared = Arrays.stream(Property.values())
                    .allMatch(p -> BrokerGap.asDeclared(broker.name(), p, cells.get(p).held()));
            return ScenarioResult.of(NAME, implementation.label(), broker.name())
                    .counts(group.sent(), group.delivered(), group.duplicates(), group.lost(), group.orderViolations())
                    .passed(asDeclared)
                    .latency(group.latencies())
                    .throughputPerSec(group.throughput())
                    .processes(costs.end())
                    .details(new BrokerMatrixDetails(broker.name(), broker.describe(), capabilities))
                    .build();
        }
    }

    /** The figures results.json keeps beside the matrix: the group stream's counts, latency and throughput runs. */
    record Measured(long sent, long delivered, long duplicates, long lost, long orderViolations, Latencies latencies,
            double throughput) {
    }

    /** The broker, the publisher's sidecar, the probe apps started so far, and where their traces go. */
    private static final class Rig implements AutoCloseable {

        private final Stage stage;
        private final PubSubBroker broker;
        private final Path traces;
        private final String topic;
        private final String bulkTopic;
        private final DaprSidecar publisher;
        private final DaprClient client;
        private final DaprPreviewClient bulk;
        private final List<AutoCloseable> parts = new ArrayList<>();
        private final Map<String, Integer> instances = new HashMap<>();
        private final HttpClient http = HttpClient.newHttpClient();
        private Duration stall = Duration.ofSeconds(30);

        Rig(Stage stage, PubSubBroker broker, Path work) {
            this.stage = stage;
            this.broker = broker;
            this.traces = work.resolve("traces");
            this.topic = stage.topics().prefix() + "broker-probes";
            this.bulkTopic = stage.topics().prefix() + "broker-probes-bulk";
            List<String> all = List.of(topic, bulkTopic, topic + "-dlq");
            if (broker.name().equals("kafka")) {
                createKafkaTopics(stage.kafka(), all);
            }
            broker.prepare(all);
            publisher = new DaprSidecar("matrix-publisher", null, broker.components(), broker.daprEnv(), stage.logs()).start();
            parts.add(publisher);
            client = HostedDaprAgent.publisherClient(publisher);
            parts.add(client);
            bulk = DaprTransport.clientBuilder(new AgentProperties.Sidecar(
                    "127.0.0.1", publisher.httpPort(), publisher.grpcPort())).buildPreviewClient();
            parts.add(bulk);
        }

        Measured measure(int messages, int seconds, Progress progress, Map<Property, Capability> cells) {
            // 1. replay: earlier probes, before any subscriber of this run exists
            int early = Math.min(messages, 50);
            progress.phase("earlier probes, before anyone subscribes", early);
            publishCounted("early", early, 0, false, progress);
            List<HostedDaprAgent> ab = probes("probe-a", "probe-b");
            HostedDaprAgent a = ab.get(0);
            HostedDaprAgent b = ab.get(1);
            boolean ready = awaitReady(List.of("probe-a", "probe-b"));
            stall = ready ? Duration.ofSeconds(30) : Duration.ofSeconds(3); // a broker that delivers nothing: no long waits

            progress.phase("fan-out to probe-a and probe-b", messages);
            long fanOut = publishCounted("fan-out", messages, 0, true, progress);
            awaitDistinct(List.of("probe-a", "probe-b"), "fan-out", fanOut);
            long atA = traces("probe-a").distinct("fan-out").size();
            long atB = traces("probe-b").distinct("fan-out").size();
            cells.put(Property.FAN_OUT, cell(atA == fanOut && atB == fanOut && fanOut == messages,
                    "%d and %d of %d", atA, atB, messages));

            progress.phase("bulk", messages);
            long bulked = publishBulk("bulk", messages);
            progress.done(messages);
            awaitDistinct(List.of("probe-a", "probe-b"), "bulk", bulked);
            long bulkA = traces("probe-a").distinct("bulk").size();
            long bulkB = traces("probe-b").distinct("bulk").size();
            cells.put(Property.BULK, cell(bulked == messages && bulkA == messages && bulkB == messages,
                    "%d and %d of %d", bulkA, bulkB, messages));

            poison(cells, a, b, progress);
            long earlyA = traces("probe-a").distinct("early").size();
            cells.put(Property.REPLAY, cell(earlyA == early, "%d of %d published before it subscribed", earlyA, early));
            close(b); // latency and throughput of one subscriber, as ./benchmark measures them

            // as many as it goes first: it also warms the path (JIT, connections) before latency is measured
            int burst = Math.max(1_000, 5 * messages);
            progress.phase("as fast as it goes", burst);
            long startMicros = Probe.nowMicros();
            long maxed = publishCounted("max", burst, 0, false, progress);
            awaitDistinct(List.of("probe-a"), "max", maxed);
            ProbeTraces maxTraces = traces("probe-a");
            long maxHandled = maxTraces.distinct("max").size();
            double throughput = maxHandled * 1e6 / Math.max(1, maxTraces.lastFirstDeliveryMicros("max") - startMicros);
            cells.put(Property.THROUGHPUT, cell(maxHandled == burst, "%,d msg/s%s", Math.round(throughput),
                    maxHandled == burst ? "" : " (" + maxHandled + " of " + burst + " handled)"));

            progress.phase("at " + LATENCY_RATE + "/s for " + seconds + " s", (long) LATENCY_RATE * seconds);
            long atRate = publishCounted("at-rate", LATENCY_RATE * seconds, LATENCY_RATE, false, progress);
            awaitDistinct(List.of("probe-a"), "at-rate", atRate);
            ProbeTraces rateTraces = traces("probe-a");
            Latencies latencies = rateTraces.latencies("at-rate");
            Latency at = latencies.summary();
            long rateHandled = rateTraces.distinct("at-rate").size();
            cells.put(Property.LATENCY, cell(rateHandled == (long) LATENCY_RATE * seconds, "%s / %s ms%s", ms(at.p50()),
                    ms(at.p99()), rateHandled == (long) LATENCY_RATE * seconds ? "" : " (" + rateHandled + " of "
                            + LATENCY_RATE * seconds + " handled)"));

            close(a);

            Measured group = scale(cells, progress);
            return new Measured(group.sent(), group.delivered(), group.duplicates(), group.lost(), group.orderViolations(),
                    latencies, throughput);
        }

        /** The poison set raw, each followed by a valid probe; both apps must dead-letter each and take every probe. */
        private void poison(Map<Property, Capability> cells, HostedDaprAgent a, HostedDaprAgent b, Progress progress) {
            List<byte[]> set = PoisonScenario.fixedSetValues();
            progress.phase("the poison set", set.size());
            long refused = 0;
            String firstRefusal = null;
            List<String> crashes = new ArrayList<>();
            long valid = 0;
            for (int i = 0; i < set.size(); i++) {
                try {
                    client.publishEvent(new PublishEventRequest(PUBSUB, topic, set.get(i))
                            .setContentType("application/octet-stream")
                            .setMetadata(Map.of("rawPayload", "true", "partitionKey", "poison-" + i))).block();
                } catch (RuntimeException e) {
                    refused++;
                    String crash = publisherCrash();
                    if (crash != null) {
                        crashes.add("#" + i + ": " + crash);
                        publisher.killAndRestart(); // same ports: the client reconnects
                    } else if (firstRefusal == null) {
                        firstRefusal = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                    }
                }
                valid += send(Probe.of("poison-valid", i, PAYLOAD), "poison-" + i).handle((ok, failure) -> failure == null ? 1 : 0).join();
                progress.done(i + 1);
            }
            long poisoned = set.size() - refused;
            long validPublished = valid;
            awaitDistinct(List.of("probe-a", "probe-b"), "poison-valid", validPublished);
            waitFor(() -> List.of("probe-a", "probe-b").stream().mapToLong(app -> traces(app).deadLetters().size()).min().orElse(0),
                    2 * poisoned);
            long validA = traces("probe-a").distinct("poison-valid").size();
            long validB = traces("probe-b").distinct("poison-valid").size();
            List<ProbeTraces.DeadLetter> deadA = traces("probe-a").deadLetters();
            long withReason = deadA.stream().filter(d -> d.reason() != null).count();
            boolean up = healthy(a) && healthy(b);
            long declined = refused - crashes.size();
            String refusedText = (declined == 0 ? "" : "; " + declined + " refused at publish (" + firstRefusal + ")")
                    + (crashes.isEmpty() ? "" : "; the publisher's daprd died publishing " + String.join(", ", crashes));
            cells.put(Property.POISON, cell(validA == validPublished && validB == validPublished && deadA.size() == 2 * poisoned
                            && up && validPublished == set.size() && crashes.isEmpty(),
                    "%d of %d dead-lettered, %d and %d of %d valid taken, %s%s", deadA.size() / 2, poisoned, validA, validB,
                    validPublished, up ? "both up" : "an agent down", refusedText));
            cells.put(Property.DEAD_LETTER_REASON, cell(!deadA.isEmpty() && withReason == deadA.size(),
                    "%d of %d read back with a reason", withReason, deadA.size()));
        }

        /** probe-group: 1 instance, then 3, then 1 again, then its app SIGKILLed and restarted — one keyed stream. */
        private Measured scale(Map<Property, Capability> cells, Progress progress) {
            HostedDaprAgent first = probe("probe-group");
            awaitReady(List.of("probe-group"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong published = new AtomicLong();
            AtomicLong nextSeq = new AtomicLong();
            progress.phase("probe-group: 1 → 3 → 1 instances, then a kill", -1);
            CompletableFuture<Long> feed = CompletableFuture.supplyAsync(() -> feed("group", stop, nextSeq, published));
            try {
                LongSupplier handled = () -> traces("probe-group").distinct("group").size();
                waitFor(handled, GROUP_RATE);
                List<HostedDaprAgent> joining = probes("probe-group", "probe-group");
                HostedDaprAgent second = joining.get(0);
                HostedDaprAgent third = joining.get(1);
                long joined = handled.getAsLong();
                waitFor(() -> Math.min(handledBy("probe-group-2"), handledBy("probe-group-3")), GROUP_RATE / 5);
                waitFor(handled, joined + GROUP_RATE);
                close(second);
                close(third);
                waitFor(handled, handled.getAsLong() + GROUP_RATE);
                long killedAt = nextSeq.get();
                first.killAndRestartApp();
                waitFor(handled, handled.getAsLong() + GROUP_RATE);
                stop.set(true);
                long sent = feed.join();
                awaitDistinct(List.of("probe-group"), "group", published.get());

                ProbeTraces group = traces("probe-group");
                Set<Long> distinct = group.distinct("group");
                Map<String, Set<Long>> byInstance = group.byInstance("group");
                long shared = byInstance.getOrDefault("probe-group-2", Set.of()).size()
                        + byInstance.getOrDefault("probe-group-3", Set.of()).size();
                long overlap = overlap(byInstance);
                long lost = published.get() - distinct.size();
                cells.put(Property.COMPETING_CONSUMERS, cell(handledBy("probe-group-2") > 0 && handledBy("probe-group-3") > 0
                                && overlap * 2 < shared && lost == 0,
                        "%s; %d taken by two instances%s", byInstance.isEmpty() ? "none taken" : String.join(" / ",
                                byInstance.values().stream().map(seqs -> String.valueOf(seqs.size())).toList()), overlap,
                        lost > 0 ? ", " + lost + " by none" : ""));
                long checked = distinct.stream().filter(seq -> seq < killedAt).count();
                long violations = group.orderViolations("group", KEYS, killedAt);
                cells.put(Property.KEY_ORDER, cell(violations == 0 && checked > 0, "%d of %d out of order", violations, checked));
                long duplicates = group.duplicates("group");
                cells.put(Property.REDELIVERY, cell(lost <= 0 && published.get() > 0, "%d lost, %d duplicates of %d", Math.max(0, lost), duplicates,
                        published.get()));
                return new Measured(sent, distinct.size(), duplicates, Math.max(0, lost), violations, null, 0);
            } finally {
                stop.set(true);
                feed.join();
            }
        }

        /** Probes of {@code run} at {@value #GROUP_RATE}/s, in order per key, until {@code stop}; returns how many were sent. */
        private long feed(String run, AtomicBoolean stop, AtomicLong nextSeq, AtomicLong published) {
            Semaphore window = new Semaphore(1_000);
            long start = System.nanoTime();
            long firstMicros = Probe.nowMicros();
            long i = 0;
            while (!stop.get()) {
                long due = start + (long) (i * 1e9 / GROUP_RATE);
                LockSupport.parkNanos(due - System.nanoTime()); // the schedule, not a wait for a condition
                window.acquireUninterruptibly();
                Probe probe = Probe.dueAt(run, i, PAYLOAD, firstMicros + (due - start) / 1_000);
                nextSeq.set(i + 1);
                sendInKeyOrder(probe, "k" + (i % KEYS)).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        published.incrementAndGet();
                    }
                    window.release();
                });
                i++;
            }
            window.acquireUninterruptibly(1_000);
            return i;
        }

        private final Map<String, CompletableFuture<Void>> lastByKey = new ConcurrentHashMap<>();

        /** One key's probes one after another, acknowledged before the next goes: the broker gets them in order. */
        private CompletableFuture<Void> sendInKeyOrder(Probe probe, String key) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            CompletableFuture<Void> before = lastByKey.put(key, sent);
            (before == null ? CompletableFuture.<Void>completedFuture(null) : before.handle((ok, failure) -> (Void) null))
                    .thenCompose(ready -> send(probe, key))
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            sent.completeExceptionally(failure);
                        } else {
                            sent.complete(null);
                        }
                    });
            return sent;
        }

        /**
         * {@code count} probes of {@code run} at {@code rate} per second (0: as fast as a window of 1,000 allows),
         * keyed {@code k0..k7} and in order per key when {@code ordered}; returns how many were acknowledged.
         */
        private long publishCounted(String run, int count, int rate, boolean ordered, Progress progress) {
            Semaphore window = new Semaphore(1_000);
            AtomicLong acknowledged = new AtomicLong();
            long start = System.nanoTime();
            long firstMicros = Probe.nowMicros();
            for (int i = 0; i < count; i++) {
                long due = rate > 0 ? start + (long) (i * 1e9 / rate) : System.nanoTime();
                LockSupport.parkNanos(due - System.nanoTime()); // the schedule, not a wait for a condition
                window.acquireUninterruptibly();
                Probe probe = rate > 0 ? Probe.dueAt(run, i, PAYLOAD, firstMicros + (due - start) / 1_000) : Probe.of(run, i, PAYLOAD);
                String key = "k" + (i % KEYS);
                (ordered ? sendInKeyOrder(probe, key) : send(probe, key)).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        acknowledged.incrementAndGet();
                    }
                    window.release();
                });
                progress.done(i + 1);
            }
            window.acquireUninterruptibly(1_000);
            return acknowledged.get();
        }

        private CompletableFuture<Void> send(Probe probe, String key) {
            return client.publishEvent(PUBSUB, topic, probe, metadata(probe, key)).toFuture();
        }

        /** {@code count} probes in bulk publishes of 50; returns how many the sidecar took. */
        private long publishBulk(String run, int count) {
            long taken = 0;
            for (int from = 0; from < count; from += 50) {
                List<BulkPublishEntry<Probe>> entries = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + 50); i++) {
                    Probe probe = Probe.of(run, i, PAYLOAD);
                    entries.add(new BulkPublishEntry<>(probe.eventId(), probe, "application/json", metadata(probe, "k" + (i % KEYS))));
                }
                try {
                    taken += entries.size() - bulk.publishEvents(new BulkPublishRequest<>(PUBSUB, bulkTopic, entries))
                            .block().getFailedEntries().size();
                } catch (RuntimeException refused) {
                    // the sidecar refused the call: none of these taken
                }
            }
            return taken;
        }

        private static Map<String, String> metadata(Probe probe, String key) {
            return Map.of("partitionKey", key, "cloudevent.id", probe.eventId(), "cloudevent.type", probe.type());
        }

        /** Starts one more instance of broker-probe under {@code appId}, tracing to {@code <appId>-<n>.trace}. */
        private HostedDaprAgent probe(String appId) {
            return probes(appId).get(0);
        }

        /** Probe agents started side by side (each its own app and daprd), numbered in the order given. */
        private List<HostedDaprAgent> probes(String... appIds) {
            List<CompletableFuture<HostedDaprAgent>> starting = new ArrayList<>();
            for (String appId : appIds) {
                int n = instances.merge(appId, 1, Integer::sum);
                starting.add(CompletableFuture.supplyAsync(() -> HostedDaprAgent.startAs(BrokerProbeApplication.NAME, appId,
                        stage.topics().prefix(), List.of(broker.components()), broker.daprEnv(), stage.logs(),
                        "--probe.trace-file=" + traces.resolve(appId + "-" + n + ".trace")),
                        // a thread each: the common pool has one thread on two cores, and the feed may hold it
                        task -> new Thread(task, "start-" + appId + "-" + n).start()));
            }
            List<HostedDaprAgent> started = new ArrayList<>();
            RuntimeException failed = null;
            for (CompletableFuture<HostedDaprAgent> agent : starting) {
                try {
                    started.add(agent.join());
                    parts.add(started.get(started.size() - 1)); // stopped with the rig, whatever happens to the others
                } catch (java.util.concurrent.CompletionException e) {
                    failed = failed != null ? failed : e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return started;
        }

        private void close(HostedDaprAgent agent) {
            parts.remove(agent);
            agent.close();
        }

        /**
         * After a refused publish: null while the publisher's daprd lives, else what killed it — its panic line and
         * the first components-contrib frame of its log.
         */
        private String publisherCrash() {
            try {
                publisher.process().handle().onExit().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException alive) {
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<String> lines = publisher.process().tail(400).lines().toList();
            String panic = lines.stream().filter(l -> l.startsWith("panic:")).findFirst().orElse("exit " + publisher.process().exitCode());
            String frame = lines.stream().map(l -> CONTRIB_FRAME.matcher(l)).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null);
            return panic + (frame == null ? "" : " at " + frame);
        }


        /** Publishes a probe every 250 ms until each app has taken one: the subscriptions are in place (false after 30 s). */
        private boolean awaitReady(List<String> appIds) {
            AtomicLong seq = new AtomicLong();
            try {
                await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(30)).until(() -> {
                    send(Probe.of("ready", seq.getAndIncrement(), PAYLOAD), "ready").exceptionally(failure -> null);
                    return appIds.stream().allMatch(app -> !traces(app).distinct("ready").isEmpty());
                });
                return true;
            } catch (ConditionTimeoutException nothing) {
                return false;
            }
        }

        private void awaitDistinct(List<String> appIds, String run, long expected) {
            waitFor(() -> appIds.stream().mapToLong(app -> traces(app).distinct(run).size()).min().orElse(0), expected);
        }


        /** Until {@code count} reaches {@code expected}, or has not moved for the stall window: the rest is what it is. */
        private void waitFor(LongSupplier count, long expected) {
            AtomicLong seen = new AtomicLong(-1);
            AtomicLong moved = new AtomicLong(System.nanoTime());
            AtomicReference<Boolean> stalled = new AtomicReference<>(false);
            await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofMinutes(10)).until(() -> {
                long now = count.getAsLong();
                if (now != seen.getAndSet(now)) {
                    moved.set(System.nanoTime());
                }
                stalled.set(System.nanoTime() - moved.get() > stall.toNanos());
                return now >= expected || stalled.get();
            });
        }

        private long handledBy(String instance) {
            return traces("probe-group").byInstance("group").getOrDefault(instance, Set.of()).size();
        }

        private static long overlap(Map<String, Set<Long>> byInstance) {
            Map<Long, Integer> takers = new HashMap<>();
            byInstance.values().forEach(seqs -> seqs.forEach(seq -> takers.merge(seq, 1, Integer::sum)));
            return takers.values().stream().filter(n -> n > 1).count();
        }

        private ProbeTraces traces(String appId) {
            return ProbeTraces.read(traces, appId);
        }

        private boolean healthy(HostedDaprAgent agent) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.appPort()
                        + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200 && agent.processes().values().stream().allMatch(ProcessHandle::isAlive);
            } catch (Exception e) {
                return false;
            }
        }

        private static Capability cell(boolean held, String format, Object... args) {
            return new Capability(null, held, String.format(Locale.ROOT, format, args), null);
        }

        private static String ms(double value) {
            return String.format(Locale.ROOT, value < 10 ? "%.1f" : "%.0f", value);
        }

        private static void createKafkaTopics(KafkaStack kafka, List<String> names) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(names.stream().map(n -> new NewTopic(n, 6, (short) kafka.brokers())).toList()).all().get();
                KafkaReadiness.awaitPartitionsServed(admin, names);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the matrix's topics: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            List<AutoCloseable> lastFirst = new ArrayList<>(parts);
            Collections.reverse(lastFirst);
            Implementation.Society.closeAll(lastFirst);
        }
    }
}
