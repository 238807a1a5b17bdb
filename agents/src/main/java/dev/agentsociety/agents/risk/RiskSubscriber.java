package dev.agentsociety.agents.risk;

import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.events.CreditRequested;
import io.dapr.Topic;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** risk-agent's subscription: each credit request is answered on the topic it names. Mirror of the direct RiskResponder. */
@RestController
class RiskSubscriber {

    private final RiskAgent risk;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;

    RiskSubscriber(RiskAgent risk, DaprEventPublisher publisher, IncomingEvents incoming) {
        this.risk = risk;
        this.publisher = publisher;
        this.incoming = incoming;
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CREDIT_REQUESTS, pubsubName = "${agent.pubsub:pubsub}",
            deadLetterTopic = "${agent.topic-prefix:}" + Topics.CREDIT_REQUESTS + "-dlq")
    @PostMapping("/events/credit-requests")
    public void onRequest(@RequestBody byte[] cloudEvent) throws IOException {
        incoming.read(cloudEvent, Topics.CREDIT_REQUESTS, CreditRequested.class, CreditRequested.SCHEMA_VERSION, RiskAgent.NAME)
                .ifPresent(request -> publisher.publish(request.replyTo(), risk.decide(request)));
    }
}
