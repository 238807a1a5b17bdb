package dev.agentsociety.agents.risk;

import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.events.CreditRequested;
import io.dapr.Topic;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * risk-agent's two doors: the subscription (each credit request answered on the topic it names) and, for the
 * synchronous baseline, {@code POST /credit-limit}, which a caller reaches through its own sidecar by app-id
 * ({@code DaprClient.invokeMethod("risk-agent", "credit-limit", ...)}). Mirror of the direct RiskResponder and
 * RiskHttpEndpoint.
 */
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
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/credit-requests")
    public void onRequest(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.CREDIT_REQUESTS, CreditRequested.class, CreditRequested.SCHEMA_VERSION, RiskAgent.NAME)
                .ifPresent(request -> publisher.publish(request.replyTo(), risk.decide(request)));
    }

    @PostMapping(path = "/credit-limit", consumes = "application/json", produces = "application/json")
    public byte[] decide(@RequestBody byte[] request) {
        return EventJson.toBytes(risk.decide(EventJson.fromBytes(request, CreditRequested.class)));
    }
}
