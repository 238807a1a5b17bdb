package dev.agentsociety.direct.risk;

import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import java.util.List;

/** risk-agent over raw Kafka: answers each credit request on the topic the request names. Mirror of the Dapr RiskSubscriber. */
public final class RiskResponder implements AutoCloseable {

    private final RiskAgent risk;
    private final KafkaEventPublisher publisher;
    private final KafkaAgentLoop loop;

    public RiskResponder(String bootstrapServers, Topics topics) {
        this(bootstrapServers, topics, new RiskAgent());
    }

    public RiskResponder(String bootstrapServers, Topics topics, RiskAgent risk) {
        this.risk = risk;
        this.publisher = new KafkaEventPublisher(bootstrapServers, RiskAgent.NAME);
        this.loop = new KafkaAgentLoop(bootstrapServers, RiskAgent.NAME, List.of(topics.creditRequests()), this::answer);
    }

    public RiskResponder start() {
        loop.start();
        return this;
    }

    private void answer(ReceivedEvent event) {
        CreditRequested request = event.read(CreditRequested.class, CreditRequested.SCHEMA_VERSION);
        CreditLimitDecided decision = risk.decide(request);
        publisher.publish(request.replyTo(), decision);
    }

    @Override
    public void close() {
        loop.close();
        publisher.close();
    }
}
