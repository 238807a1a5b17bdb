package dev.agentsociety.comparison.bench;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.HostedDirectAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.KafkaReadiness;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.bench.ProbeConsumer;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.bench.ProbeSink;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.BulkPublishEntry;
import io.dapr.client.domain.BulkPublishRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the benchmark's paths run on. For the whole run, the publishers: a {@link KafkaEventPublisher} (async sends)
 * in this JVM, and a publishing sidecar this JVM talks to over HTTP ({@code POST /v1.0/publish}), gRPC
 * ({@code DaprClient}) and bulk gRPC ({@code DaprPreviewClient.publishEvents}). For each {@link Setup} — partitions
 * per topic, instances of the handler — one variant's handlers at a time, each instance a process of its own as a
 * deployment scales: for direct-kafka {@code DirectAgentMain bench-sink-direct} (a {@link ProbeConsumer}: one
 * {@code KafkaAgentLoop}; the instances share its consumer group), for Dapr the {@code bench-sink} app with its own
 * sidecar (one app-id: the sidecars share its consumer group). Each partition count has topics of its own; closing
 * stops everything.
 */
final class BenchRig implements AutoCloseable {

    static final String PUBSUB = "pubsub";
    static final int PARTITIONS = 6;
    static final String DAPR_SINK = "bench-sink";
    /** How long the instances of a setup may take to join their group and be given every partition. */
    private static final Duration GROUP_READY = Duration.ofMinutes(3);

    /** Publishes a batch of probes (one, except on the bulk path); completes when the transport has them acknowledged. */
    interface Sender {
        CompletableFuture<Void> send(List<Probe> probes);
    }

    /** Partitions per probe topic and instances of each variant's handler. */
    record Setup(int partitions, int instances) {
        /** The topics of a partition count: instances of a handler come and go on them. */
        String topicSuffix() {
            return "-p" + partitions;
        }
    }

    private final KafkaStack kafka;
    private final String prefix;
    private final Path logs;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private KafkaEventPublisher directPublisher;
    private PubSubBroker daprBroker;
    private DaprSidecar daprPublisher;
    private DaprClient daprClient;
    private DaprPreviewClient daprPreviewClient;
    private Setup setup;
    private final Set<Integer> partitionCounts = new HashSet<>();
    private final List<HostedDirectAgent> directSinks = new ArrayList<>();
    private final List<HostedDaprAgent> daprSinks = new ArrayList<>();

    BenchRig(KafkaStack kafka, String prefix, Path logs) {
        this.kafka = kafka;
        this.prefix = prefix;
        this.logs = logs;
    }

    String topic(String name) {
        return prefix + name;
    }

    /** Creates the topics (6 partitions each, as the agents' own) before anything subscribes: brokers create none on demand. */
    void createTopics(List<String> names) {
        createTopics(names, PARTITIONS);
    }

    void createTopics(List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(topic(n), partitions, (short) kafka.brokers())).toList())
                    .all().get();
            KafkaReadiness.awaitPartitionsServed(admin, names.stream().map(this::topic).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the benchmark topics: " + e.getMessage(), e);
        }
    }

    /** The direct path's publisher; its handlers come with each setup. */
    void startDirect() {
        directPublisher = new KafkaEventPublisher(kafka.bootstrapServers(), "bench-publisher");
        parts.add(directPublisher);
    }

    /** The Dapr paths' publishing sidecar on {@code broker} (its component folder); the handlers come with each setup. */
    void startDapr(PubSubBroker broker) {
        daprBroker = broker;
        daprPublisher = new DaprSidecar("bench-publisher", null, broker.components(), broker.daprEnv(), logs).start();
        parts.add(daprPublisher);
        AgentProperties.Sidecar sidecar = new AgentProperties.Sidecar("127.0.0.1", daprPublisher.httpPort(), daprPublisher.grpcPort());
        daprClient = DaprTransport.clientBuilder(sidecar).build();
        parts.add(daprClient);
        daprPreviewClient = DaprTransport.clientBuilder(sidecar).buildPreviewClient();
        parts.add(daprPreviewClient);
    }

    /**
     * The handlers of {@code variant} for {@code next}: the setup's topics (one set per partition count), then
     * {@code instances} processes — more of the running ones when only the instances grew, else new ones in place of
     * any running — ready once every instance is in its consumer group and every partition is assigned, so no
     * rebalance runs into the measurement (on a broker other than Kafka, once each Dapr sink has started). One
     * variant's handlers at a time: the other's would take CPU from it, idle as they are.
     */
    Ready use(Setup next, Implementation variant) {
        List<? extends AutoCloseable> same = variant == Implementation.DIRECT_KAFKA ? directSinks : daprSinks;
        boolean grows = setup != null && setup.partitions() == next.partitions() && !same.isEmpty()
                && same.size() <= next.instances();
        int running = grows ? same.size() : 0;
        if (!grows) {
            closeHandlers();
        }
        setup = next;
        if (partitionCounts.add(next.partitions())) {
            List<String> topics = new ArrayList<>();
            if (directPublisher != null) {
                topics.add(directTopic());
            }
            if (daprPublisher != null) {
                topics.addAll(List.of(daprTopic(false), daprTopic(true)));
                daprBroker.prepare(List.of(daprTopic(false), daprTopic(true)));
            }
            createTopics(topics.stream().map(t -> t.substring(prefix.length())).toList(), next.partitions());
        }
        long start = System.nanoTime();
        long started;
        if (variant == Implementation.DIRECT_KAFKA) {
            directSinks.addAll(startAll(running + 1, next.instances(), i -> HostedDirectAgent.start(ProbeConsumer.NAME, kafka, prefix,
                    logs, Map.of("BENCH_TOPIC", directTopic(), "AGENT_INSTANCE", Integer.toString(i)))));
            started = System.nanoTime();
            awaitGroup(ProbeConsumer.NAME, List.of(directTopic()), next);
        } else {
            String topicArg = "--bench.topic=" + daprTopic(false);
            String bulkTopicArg = "--bench.bulk-topic=" + daprTopic(true);
            daprSinks.addAll(startAll(running + 1, next.instances(), i -> HostedDaprAgent.start(DAPR_SINK, prefix,
                    daprBroker.components(), daprBroker.daprEnv(), logs, topicArg, bulkTopicArg)));
            started = System.nanoTime();
            if (daprBroker.name().equals("kafka")) {
                awaitGroup(DAPR_SINK, List.of(daprTopic(false), daprTopic(true)), next);
            }
        }
        return new Ready(next.instances() - running, Duration.ofNanos(started - start), Duration.ofNanos(System.nanoTime() - started));
    }

    /** How many instances were started (at once) and how long that took, and then their consumer group to settle. */
    record Ready(int startedInstances, Duration started, Duration settled) {
    }

    /** Stops the handlers of either variant (Kafka's tools run without them), all at once; each leaves its group. */
    void closeHandlers() {
        List<AutoCloseable> sinks = new ArrayList<>(directSinks);
        sinks.addAll(daprSinks);
        directSinks.clear();
        daprSinks.clear();
        if (!sinks.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(sinks.size());
            try {
                CompletableFuture.allOf(sinks.stream().map(sink -> CompletableFuture.runAsync(
                        () -> Implementation.Society.closeAll(List.of(sink)), pool)).toArray(CompletableFuture[]::new)).join();
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * Instances {@code from} .. {@code to}, started at once (each waits for its own process, not for the others'); if
     * one fails, those started are stopped again and its failure is thrown.
     */
    private static <T extends AutoCloseable> List<T> startAll(int from, int to, IntFunction<T> start) {
        if (from > to) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(to - from + 1);
        try {
            List<CompletableFuture<T>> starting = IntStream.rangeClosed(from, to)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> start.apply(i), pool)).toList();
            List<T> started = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<T> instance : starting) {
                try {
                    started.add(instance.join());
                } catch (CompletionException e) {
                    failure = failure != null ? failure
                            : e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
                }
            }
            if (failure != null) {
                Implementation.Society.closeAll(started);
                throw failure;
            }
            return started;
        } finally {
            pool.shutdown();
        }
    }

    private String directTopic() {
        return topic("direct" + setup.topicSuffix());
    }

    private String daprTopic(boolean bulk) {
        return topic((bulk ? "dapr-bulk" : "dapr") + setup.topicSuffix());
    }

    /** Until {@code group} is stable with the setup's instances as members and every partition of {@code topics} assigned. */
    private void awaitGroup(String group, List<String> topics, Setup expected) {
        int partitions = topics.size() * expected.partitions();
        try (Admin admin = KafkaReadiness.impatientAdmin(kafka.bootstrapServers())) {
            await().pollInterval(Duration.ofMillis(200)).atMost(GROUP_READY).ignoreExceptions().until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(5, TimeUnit.SECONDS).get(group);
                long assigned = description.members().stream().map(MemberDescription::assignment)
                        .flatMap(a -> a.topicPartitions().stream()).filter(p -> topics.contains(p.topic())).count();
                return description.groupState() == GroupState.STABLE && description.members().size() == expected.instances()
                        && assigned == partitions;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("consumer group " + group + " did not settle with " + expected.instances()
                    + " member(s) and " + partitions + " partitions assigned within " + GROUP_READY.toSeconds() + " s");
        }
    }

    Sender sender(BenchPath path) {
        return switch (path) {
            case DIRECT_KAFKA -> probes -> CompletableFuture.allOf(probes.stream()
                    .map(p -> directPublisher.send(directTopic(), p)).toArray(CompletableFuture[]::new));
            case DAPR_GRPC -> probes -> CompletableFuture.allOf(probes.stream()
                    .map(p -> daprClient.publishEvent(PUBSUB, daprTopic(false), p, Map.of("partitionKey", p.key())).toFuture())
                    .toArray(CompletableFuture[]::new));
            case DAPR_HTTP -> probes -> CompletableFuture.allOf(probes.stream().map(this::publishOverHttp)
                    .toArray(CompletableFuture[]::new));
            case DAPR_BULK -> probes -> daprPreviewClient.publishEvents(new BulkPublishRequest<>(PUBSUB, daprTopic(true),
                    probes.stream().map(p -> new BulkPublishEntry<>(p.eventId(), p, "application/json",
                            Map.of("partitionKey", p.key()))).toList()))
                    .toFuture().thenAccept(response -> {
                        if (!response.getFailedEntries().isEmpty()) {
                            throw new IllegalStateException(response.getFailedEntries().size() + " of " + probes.size()
                                    + " failed: " + response.getFailedEntries().get(0).getErrorMessage());
                        }
                    });
            case KAFKA_TOOL -> throw new IllegalArgumentException("Kafka's tools publish for themselves");
        };
    }

    /** What the path's handlers have counted of a run so far, instance by instance (cheap: polled while a run goes). */
    List<ProbeSink.Stats> stats(BenchPath path, String run) {
        return sinkPorts(path).stream().map(port -> get(port, "stats", run, ProbeSink.Stats.class)).toList();
    }

    /** The run as the path's handlers saw it together ({@link ProbeSink#merge}), and how many each instance handled. */
    Handled handled(BenchPath path, String run) {
        List<ProbeSink.Tally> tallies = sinkPorts(path).stream().map(port -> get(port, "tally", run, ProbeSink.Tally.class)).toList();
        return new Handled(ProbeSink.merge(run, tallies), tallies.stream().map(ProbeSink.Tally::handled).toList());
    }

    record Handled(ProbeSink.Stats merged, List<Long> byInstance) {
    }

    /** Whether a process role's CPU is the path's: the Dapr processes idle during a direct run and the direct sinks during a Dapr run. */
    static boolean spentOn(BenchPath path, String role) {
        if (role.startsWith(ProbeConsumer.NAME)) {
            return path == BenchPath.DIRECT_KAFKA;
        }
        return !role.startsWith("bench-") || path.dapr();
    }

    private List<Integer> sinkPorts(BenchPath path) {
        return path == BenchPath.DIRECT_KAFKA ? directSinks.stream().map(HostedDirectAgent::appPort).toList()
                : daprSinks.stream().map(HostedDaprAgent::appPort).toList();
    }

    private <T> T get(int port, String what, String run, Class<T> type) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bench/" + what
                    + "?run=" + URLEncoder.encode(run, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the sink on port " + port + " answered " + response.statusCode());
            }
            return EventJson.fromBytes(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Dapr's publish API over plain HTTP: the body is the event, the sidecar wraps it in a CloudEvent. */
    private CompletableFuture<Void> publishOverHttp(Probe probe) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daprPublisher.httpPort()
                        + "/v1.0/publish/" + PUBSUB + "/" + daprTopic(false) + "?metadata.partitionKey=" + probe.key()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.toBytes(probe))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("daprd answered " + response.statusCode() + ": " + response.body());
            }
        });
    }

    @Override
    public void close() {
        closeHandlers();
        List<AutoCloseable> lastFirst = new ArrayList<>(parts);
        Collections.reverse(lastFirst);
        Implementation.Society.closeAll(lastFirst);
    }
}
