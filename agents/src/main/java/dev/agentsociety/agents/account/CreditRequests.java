package dev.agentsociety.agents.account;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.PendingReplies;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import io.dapr.Topic;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.HttpExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * account-agent's side of request-reply over Dapr pub/sub: publishes a {@link CreditRequested} with a correlationId
 * and {@code credit-replies} as its reply topic through the sidecar, and matches the replies the sidecar delivers
 * to the waiting futures ({@link PendingReplies}). The mirror of the direct variant's {@code CreditRequester}.
 * {@link #call} is the synchronous baseline: the same question over Dapr service invocation, the sidecar finding
 * risk-agent by its app-id (mirror of the direct {@code CreditHttpCaller}, which must be told risk-agent's URL).
 *
 * <p>Gap: the replies' consumer group is the app-id, shared by every instance of account-agent, so with several
 * instances a reply can reach one that is not waiting for it (the direct requester reads replies in a group of
 * its own per instance).
 */
@RestController
public class CreditRequests {

    private final PendingReplies<CreditLimitDecided> pending = new PendingReplies<>();
    private final DaprClient client;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final Topics topics;

    CreditRequests(DaprClient client, DaprEventPublisher publisher, IncomingEvents incoming, AgentProperties properties) {
        this.client = client;
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

    /** Asks risk-agent synchronously, through this agent's sidecar to risk-agent's, and blocks for the answer. */
    public CreditLimitDecided call(String customerId, String plan) {
        CreditRequested request = CreditRequested.of(customerId, plan, CreditRequested.REPLY_IN_RESPONSE);
        return client.invokeMethod(RiskAgent.NAME, "credit-limit", request, HttpExtension.POST, CreditLimitDecided.class).block();
    }

    public PendingReplies<CreditLimitDecided> pending() {
        return pending;
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CREDIT_REPLIES, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/credit-replies")
    public void onReply(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.CREDIT_REPLIES, CreditLimitDecided.class, CreditLimitDecided.SCHEMA_VERSION,
                AccountAgent.NAME).ifPresent(reply -> pending.accept(reply.correlationId(), reply));
    }
}
