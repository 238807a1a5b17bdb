package dev.agentsociety.direct.account;

import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.PendingReplies;
import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * account-agent's side of request-reply over raw Kafka: publishes a {@link CreditRequested} with a correlationId
 * and {@code credit-replies} as its reply topic, and matches the replies it reads to the waiting futures
 * ({@link PendingReplies}). Its reply consumer group is its own, so every reply reaches the requester that waits.
 */
public final class CreditRequester implements AutoCloseable {

    private final PendingReplies<CreditLimitDecided> pending = new PendingReplies<>();
    private final KafkaEventPublisher publisher;
    private final KafkaAgentLoop replies;
    private final Topics topics;

    public CreditRequester(String bootstrapServers, Topics topics, String instance) {
        this.topics = topics;
        this.publisher = new KafkaEventPublisher(bootstrapServers, AccountAgent.NAME);
        this.replies = new KafkaAgentLoop(bootstrapServers, AccountAgent.NAME + "-replies-" + instance, List.of(topics.creditReplies()),
                event -> {
                    CreditLimitDecided reply = event.read(CreditLimitDecided.class, CreditLimitDecided.SCHEMA_VERSION);
                    pending.accept(reply.correlationId(), reply);
                });
    }

    public CreditRequester start() {
        replies.start();
        return this;
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

    @Override
    public void close() {
        replies.close();
        publisher.close();
    }
}
