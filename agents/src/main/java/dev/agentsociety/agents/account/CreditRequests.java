package dev.agentsociety.agents.account;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.PendingReplies;
import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import io.dapr.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * account-agent's side of request-reply over Dapr pub/sub: publishes a {@link CreditRequested} with a correlationId
 * and {@code credit-replies} as its reply topic through the sidecar, and matches the replies the sidecar delivers
 * to the waiting futures ({@link PendingReplies}). The mirror of the direct variant's {@code CreditRequester}.
 *
 * <p>Gap: the replies' consumer group is the app-id, shared by every instance of account-agent, so with several
 * instances a reply can reach one that is not waiting for it (the direct requester reads replies in a group of
 * its own per instance).
 */
@RestController
public class CreditRequests {

    private final PendingReplies<CreditLimitDecided> pending = new PendingReplies<>();
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final Topics topics;

    CreditRequests(DaprEventPublisher publisher, IncomingEvents incoming, AgentProperties properties) {
        this.publisher = publisher;
        this.incoming = incoming;
        this.topics = properties.topics();
    }

    /** Sends a credit request; the future completes with risk-agent's answer or fails after {@code timeout}. */
    public CompletableFuture<CreditLimitDecided> ask(String customerId, String plan, Duration timeout) {
        CreditRequested request = CreditRequested.of(customerId, plan, topics.creditReplies());
        CompletableFuture<CreditLimitDecided> answer = pending.expect(request.correlationId(), timeout);
        publisher.publish(topics.creditRequests(), request);
        return answer;
    }

    public PendingReplies<CreditLimitDecided> pending() {
        return pending;
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CREDIT_REPLIES, pubsubName = "${agent.pubsub:pubsub}",
            deadLetterTopic = "${agent.topic-prefix:}" + Topics.CREDIT_REPLIES + "-dlq")
    @PostMapping("/events/credit-replies")
    public void onReply(@RequestBody byte[] cloudEvent) throws IOException {
        incoming.read(cloudEvent, Topics.CREDIT_REPLIES, CreditLimitDecided.class, CreditLimitDecided.SCHEMA_VERSION,
                AccountAgent.NAME).ifPresent(reply -> pending.accept(reply.correlationId(), reply));
    }
}
