package dev.agentsociety.agents.scale;

import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.scale.CustomerActivity;
import dev.agentsociety.domain.scale.CustomerAgents;
import dev.agentsociety.domain.scale.PeerNoted;
import io.dapr.Topic;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.HttpExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * customer-agents' doors: the customers' activity (each agent tells its peers — publishing to {@code peer-notes}, or
 * in the sync style invoking {@code customers/notes} on the app-id through the sidecar and waiting for every answer),
 * the notes, {@code POST /customers/notes} (the synchronous note) and {@code GET /customers/effects}. The delivery is
 * answered once every peer has the note, so daprd commits the activity only then. Mirror of the direct
 * {@code CustomerAgentsHost}; service invocation picks an instance of the app-id for each call (there is no routing
 * by customer without actors), so a customer's synchronous notes may be taken by any instance.
 */
@RestController
class CustomerAgentsSubscriber {

    private final CustomerAgents agents;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final DaprClient client;
    private final Topics topics;
    private final boolean sync;

    CustomerAgentsSubscriber(CustomerAgents agents, DaprEventPublisher publisher, IncomingEvents incoming, DaprClient client,
            AgentProperties properties, @Value("${agent.scale.style:events}") String style) {
        if (!style.equals("events") && !style.equals("sync")) {
            throw new IllegalArgumentException("agent.scale.style is events or sync: " + style);
        }
        this.agents = agents;
        this.publisher = publisher;
        this.incoming = incoming;
        this.client = client;
        this.topics = properties.topics();
        this.sync = style.equals("sync");
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_ACTIVITY, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/customer-activity")
    public void onActivity(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.CUSTOMER_ACTIVITY, CustomerActivity.class,
                CustomerActivity.SCHEMA_VERSION, CustomerAgents.NAME).ifPresent(activity -> {
                    List<PeerNoted> notes = agents.react(activity);
                    CompletableFuture.allOf(notes.stream().map(this::tell).toArray(CompletableFuture[]::new)).join();
                });
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.PEER_NOTES, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/peer-notes")
    public void onNote(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.PEER_NOTES, PeerNoted.class, PeerNoted.SCHEMA_VERSION,
                CustomerAgents.NAME).ifPresent(agents::take);
    }

    @PostMapping(path = "/customers/notes", consumes = "application/json", produces = "application/json")
    public String takeNote(@RequestBody PeerNoted note) {
        agents.take(note);
        return "\"taken\"";
    }

    @GetMapping(path = "/customers/effects", produces = "application/json")
    public CustomerAgents.Effects effects() {
        return agents.effects();
    }

    @GetMapping(path = "/customers/taken", produces = "application/json")
    public long taken() {
        return agents.taken();
    }

    private CompletableFuture<?> tell(PeerNoted note) {
        return sync ? client.invokeMethod(CustomerAgents.NAME, "customers/notes", note, HttpExtension.POST, byte[].class).toFuture()
                : publisher.publishAsync(topics.peerNotes(), note);
    }
}
