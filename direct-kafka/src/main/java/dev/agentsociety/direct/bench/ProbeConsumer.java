package dev.agentsociety.direct.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.direct.kafka.AgentHttp;
import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.bench.ProbeSink;
import java.util.List;

/**
 * The benchmark's handler behind a plain consumer: the same {@link KafkaAgentLoop} every direct agent runs (poll,
 * decode the CloudEvent, handle, commit), one instance per process ({@code DirectAgentMain bench-sink-direct}, the
 * topic in BENCH_TOPIC) — several share the group. {@code GET /bench/stats?run=} and {@code GET /bench/tally?run=}
 * on SERVER_PORT tell the benchmark what arrived. The mirror of the Dapr variant's {@code ProbeSubscriber}.
 */
public final class ProbeConsumer implements AutoCloseable {

    /**
     * The consumer group. Not the Dapr sink's app-id ({@code bench-sink}), which is its sidecar's group: members of
     * one group rebalance together even on different topics, and the two sinks run side by side.
     */
    public static final String NAME = "bench-sink-direct";

    private final ProbeSink sink = new ProbeSink();
    private final KafkaAgentLoop loop;
    private final HttpServer server;

    /**
     * @param instance this member of the group (its client.id)
     * @param port     where the stats are served, on 127.0.0.1
     */
    public ProbeConsumer(String bootstrapServers, List<String> topics, String instance, int port) {
        this.loop = new KafkaAgentLoop(bootstrapServers, NAME, instance, topics, event -> sink.handle(event.data(Probe.class)));
        this.server = AgentHttp.listen(NAME, port);
        server.createContext("/bench/stats", exchange -> AgentHttp.json(exchange, "GET", () -> sink.stats(run(exchange))));
        server.createContext("/bench/tally", exchange -> AgentHttp.json(exchange, "GET", () -> sink.tally(run(exchange))));
    }

    public ProbeConsumer start() {
        server.start();
        loop.start();
        return this;
    }

    private static String run(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null || !query.startsWith("run=")) {
            throw new IllegalArgumentException("ask for ?run=<run>");
        }
        return query.substring("run=".length());
    }

    @Override
    public void close() {
        server.stop(0);
        loop.close();
    }
}
