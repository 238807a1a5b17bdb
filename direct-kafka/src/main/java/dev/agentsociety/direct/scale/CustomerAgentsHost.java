package dev.agentsociety.direct.scale;

import com.sun.net.httpserver.HttpServer;
import dev.agentsociety.direct.kafka.AgentHttp;
import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.scale.CustomerActivity;
import dev.agentsociety.domain.scale.CustomerAgents;
import dev.agentsociety.domain.scale.PeerNoted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * One process hosting many customer agents ({@link CustomerAgents}) over raw Kafka: an instance of the consumer group
 * {@code customer-agents}, which splits the customers among its instances by partition. It reacts to each customer's
 * activity by telling the peers — as events on {@code peer-notes} ({@link Style#EVENTS}), or by calling each peer's
 * host over HTTP and waiting for its answer ({@link Style#SYNC}); the activity's offset is committed once every peer
 * has the note either way. Mirror of the Dapr {@code CustomerAgentsSubscriber}.
 *
 * <p>Its door on SERVER_PORT: {@code POST /customers/notes} takes a note synchronously, {@code GET /customers/effects}
 * says what this host's agents have taken, {@code GET /customers/taken} how many. A synchronous caller must be told where each peer lives (PEER_URLS: the
 * hosts, a customer's host being the one at its index modulo their number) — there is no discovery.
 */
public final class CustomerAgentsHost implements AutoCloseable {

    /** How an agent tells its peers. */
    public enum Style { EVENTS, SYNC }

    /** How many synchronous calls a host keeps on their way at once; a new activity waits for a free one. */
    static final int CALLS_IN_FLIGHT = 64;

    private final CustomerAgents agents;
    private final Topics topics;
    private final Style style;
    private final List<URI> peerHosts;
    private final KafkaEventPublisher publisher;
    private final KafkaAgentLoop loop;
    private final HttpServer door;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore calls = new Semaphore(CALLS_IN_FLIGHT);

    public CustomerAgentsHost(String bootstrapServers, Topics topics, String instance, CustomerAgents agents, Style style,
            List<URI> peerHosts, int port) {
        if (style == Style.SYNC && peerHosts.isEmpty()) {
            throw new IllegalArgumentException("the sync style calls the peers' hosts: PEER_URLS names none");
        }
        this.agents = agents;
        this.topics = topics;
        this.style = style;
        this.peerHosts = List.copyOf(peerHosts);
        this.publisher = new KafkaEventPublisher(bootstrapServers, CustomerAgents.NAME);
        this.loop = KafkaAgentLoop.pipelined(bootstrapServers, CustomerAgents.NAME, instance,
                List.of(topics.customerActivity(), topics.peerNotes()), this::handle);
        this.door = AgentHttp.listen(CustomerAgents.NAME, port);
        door.createContext("/customers/notes", exchange -> AgentHttp.json(exchange, "POST", () -> {
            try (var body = exchange.getRequestBody()) {
                agents.take(EventJson.fromBytes(body.readAllBytes(), PeerNoted.class));
                return "taken";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        door.createContext("/customers/effects", exchange -> AgentHttp.json(exchange, "GET", agents::effects));
        door.createContext("/customers/taken", exchange -> AgentHttp.json(exchange, "GET", agents::taken));
    }

    public CustomerAgentsHost start() {
        door.start();
        loop.start();
        return this;
    }

    private CompletableFuture<?> handle(ReceivedEvent event) {
        if (event.topic().equals(topics.peerNotes())) {
            agents.take(event.read(PeerNoted.class, PeerNoted.SCHEMA_VERSION));
            return CompletableFuture.completedFuture(null);
        }
        List<PeerNoted> notes = agents.react(event.read(CustomerActivity.class, CustomerActivity.SCHEMA_VERSION));
        return CompletableFuture.allOf(notes.stream()
                .map(note -> style == Style.EVENTS ? publisher.send(topics.peerNotes(), note) : call(note))
                .toArray(CompletableFuture[]::new));
    }

    /** Hands the note to its recipient's host and completes when that host has taken it. */
    private CompletableFuture<?> call(PeerNoted note) {
        calls.acquireUninterruptibly();
        URI host = peerHosts.get(Integer.parseInt(note.customerId().substring(2)) % peerHosts.size());
        return http.sendAsync(HttpRequest.newBuilder(host.resolve("/customers/notes")).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.toBytes(note))).build(),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> calls.release())
                .thenAccept(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(host + " answered " + response.statusCode() + " to " + note.eventId()
                                + ": " + response.body());
                    }
                });
    }

    @Override
    public void close() {
        loop.close();
        door.stop(0);
        publisher.close();
    }
}
