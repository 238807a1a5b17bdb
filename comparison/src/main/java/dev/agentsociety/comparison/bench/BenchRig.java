package dev.agentsociety.comparison.bench;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.Repo;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the benchmark's paths run on, started once per benchmark: for direct-kafka a {@link KafkaEventPublisher}
 * (async sends) and a {@link ProbeConsumer} in this JVM; for Dapr the {@code bench-sink} app with its sidecar, and
 * a publishing sidecar this JVM talks to over HTTP ({@code POST /v1.0/publish}), gRPC ({@code DaprClient}) and
 * bulk gRPC ({@code DaprPreviewClient.publishEvents}). Each path has its own topic; closing stops everything.
 */
final class BenchRig implements AutoCloseable {

    static final String PUBSUB = "pubsub";
    static final int PARTITIONS = 6;
    static final String DAPR_SINK = "bench-sink";

    /** Publishes a batch of probes (one, except on the bulk path); completes when the transport has them acknowledged. */
    interface Sender {
        CompletableFuture<Void> send(List<Probe> probes);
    }

    private final KafkaStack kafka;
    private final String prefix;
    private final Path logs;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private KafkaEventPublisher directPublisher;
    private ProbeConsumer directConsumer;
    private HostedDaprAgent daprSink;
    private DaprSidecar daprPublisher;
    private DaprClient daprClient;
    private DaprPreviewClient daprPreviewClient;

    BenchRig(KafkaStack kafka, String prefix, Path logs) {
        this.kafka = kafka;
        this.prefix = prefix;
        this.logs = logs;
        processes.put("runner (publishers, direct consumer)", ProcessHandle.current());
        processes.putAll(kafka.processes());
    }

    String topic(String name) {
        return prefix + name;
    }

    /** Creates the topics (6 partitions each, as the agents' own) before anything subscribes: brokers create none on demand. */
    void createTopics(List<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(topic(n), PARTITIONS, (short) kafka.brokers())).toList())
                    .all().get();
            KafkaReadiness.awaitPartitionsServed(admin, names.stream().map(this::topic).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the benchmark topics: " + e.getMessage(), e);
        }
    }

    void startDirect() {
        createTopics(List.of("direct"));
        directPublisher = new KafkaEventPublisher(kafka.bootstrapServers(), "bench-publisher");
        parts.add(directPublisher);
        directConsumer = new ProbeConsumer(kafka.bootstrapServers(), List.of(topic("direct"))).start();
        parts.add(directConsumer);
    }

    /** The Dapr paths on {@code broker}: the sink and the publishing sidecar use its component folder. */
    void startDapr(PubSubBroker broker) {
        createTopics(List.of("dapr", "dapr-bulk"));
        broker.prepare(List.of(topic("dapr"), topic("dapr-bulk")));
        Map<String, String> env = broker.daprEnv();
        daprSink = HostedDaprAgent.start(DAPR_SINK, prefix, broker.components(), env, logs,
                "--bench.topic=" + topic("dapr"), "--bench.bulk-topic=" + topic("dapr-bulk"));
        parts.add(daprSink);
        processes.putAll(daprSink.processes());
        daprPublisher = new DaprSidecar("bench-publisher", null, broker.components(), env, logs).start();
        parts.add(daprPublisher);
        processes.put("bench-publisher daprd", daprPublisher.process().handle());
        AgentProperties.Sidecar sidecar = new AgentProperties.Sidecar("127.0.0.1", daprPublisher.httpPort(), daprPublisher.grpcPort());
        daprClient = DaprTransport.clientBuilder(sidecar).build();
        parts.add(daprClient);
        daprPreviewClient = DaprTransport.clientBuilder(sidecar).buildPreviewClient();
        parts.add(daprPreviewClient);
    }

    /** Every process the paths run in, by role: this JVM, the broker(s), and for Dapr the sink app and both sidecars. */
    Map<String, ProcessHandle> processes() {
        return processes;
    }

    Sender sender(BenchPath path) {
        return switch (path) {
            case DIRECT_KAFKA -> probes -> CompletableFuture.allOf(probes.stream()
                    .map(p -> directPublisher.send(topic("direct"), p)).toArray(CompletableFuture[]::new));
            case DAPR_GRPC -> probes -> CompletableFuture.allOf(probes.stream()
                    .map(p -> daprClient.publishEvent(PUBSUB, topic("dapr"), p, Map.of("partitionKey", p.key())).toFuture())
                    .toArray(CompletableFuture[]::new));
            case DAPR_HTTP -> probes -> CompletableFuture.allOf(probes.stream().map(this::publishOverHttp)
                    .toArray(CompletableFuture[]::new));
            case DAPR_BULK -> probes -> daprPreviewClient.publishEvents(new BulkPublishRequest<>(PUBSUB, topic("dapr-bulk"),
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

    /** What the path's handler has counted of a run so far. */
    ProbeSink.Stats stats(BenchPath path, String run) {
        if (path == BenchPath.DIRECT_KAFKA) {
            return directConsumer.stats(run);
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + daprSink.appPort() + "/bench/stats?run=" + URLEncoder.encode(run, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return EventJson.fromBytes(response.body(), ProbeSink.Stats.class);
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
                        + "/v1.0/publish/" + PUBSUB + "/" + topic("dapr") + "?metadata.partitionKey=" + probe.key()))
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
        List<AutoCloseable> lastFirst = new ArrayList<>(parts);
        Collections.reverse(lastFirst);
        Implementation.Society.closeAll(lastFirst);
    }
}
