package dev.agentsociety.agents.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.SignupReaction;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.dapr.client.domain.BulkSubscribeAppResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dapr transport of a signup-reacting agent: the sidecar delivers signups in batches to the subclass's
 * {@code @Topic} method ({@code @BulkSubscribe}: up to {@value #BATCH} records of one partition, or what came within
 * {@value #BATCH_WAIT_MS} ms), the domain decides each, the answers are published through the sidecar in one bulk
 * call. Returning normally (HTTP 2xx, every entry SUCCESS) tells Dapr the batch is done; an exception makes the
 * sidecar deliver it again (at-least-once). A signup the agent cannot take goes to the dead-letter topic
 * ({@link IncomingEvents}). The mirror of the direct variant's {@code SignupReactionAgent}, whose poll loop
 * pipelines its answers instead.
 */
public abstract class SignupSubscriber {

    /** The most records of one partition daprd puts in one delivery. */
    public static final int BATCH = 500;
    /** How long daprd waits to fill a batch: the latency a signup can gain at a low rate, to save a round trip at a high one. */
    public static final int BATCH_WAIT_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(SignupSubscriber.class);

    private final SignupReaction reaction;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final String outputTopic;

    protected SignupSubscriber(SignupReaction reaction, DaprEventPublisher publisher, IncomingEvents incoming,
            AgentProperties properties) {
        this.reaction = reaction;
        this.publisher = publisher;
        this.incoming = incoming;
        this.outputTopic = reaction.outputTopic(properties.topics());
    }

    /**
     * A batch the sidecar collected ({@code @BulkSubscribe}): each signup decided in order, the answers published in
     * one bulk call, and every entry reported done once the broker has them all. A signup the agent cannot take is
     * dead-lettered and done. If the answers cannot be published the whole batch fails (HTTP 500) and the sidecar
     * delivers it again: at least once, as one at a time.
     *
     * @param bulk the request body: daprd's bulk envelope, whose entries hold the raw records
     */
    protected BulkSubscribeAppResponse reactAll(byte[] bulk) throws IOException {
        List<BulkSubscribeAppResponseEntry> done = new ArrayList<>();
        List<DomainEvent> answers = new ArrayList<>();
        for (JsonNode entry : EventJson.mapper().readTree(bulk).path("entries")) {
            decide(IncomingEvents.Delivery.ofEntry(entry)).ifPresent(answers::add);
            done.add(new BulkSubscribeAppResponseEntry(entry.path("entryId").asText(), BulkSubscribeAppResponseStatus.SUCCESS));
        }
        publisher.publishAll(outputTopic, answers).join();
        return new BulkSubscribeAppResponse(done);
    }

    private Optional<DomainEvent> decide(IncomingEvents.Delivery delivery) {
        return incoming.read(delivery, Topics.CUSTOMER_SIGNUPS, CustomerSignedUp.class, CustomerSignedUp.SCHEMA_VERSION,
                reaction.name()).map(signup -> {
                    log.info("{} got signup {} for customer {} ({})", reaction.name(), signup.eventId(), signup.customerId(),
                            delivery.source());
                    return reaction.onSignup(signup);
                });
    }
}
