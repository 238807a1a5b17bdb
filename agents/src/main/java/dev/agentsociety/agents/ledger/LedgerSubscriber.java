package dev.agentsociety.agents.ledger;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.events.DepositRequested;
import io.dapr.Topic;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * ledger-agent's subscription to {@code ledger-commands}. Which partitions this instance gets, and when they move
 * to another instance, is the sidecar's business: the app sees no rebalance — no callback, no log line (daprd
 * 1.16's Kafka component logs none either). The sidecar hands over one message of a partition at a time and moves
 * on only after this method returns, which keeps an account's commands in order. The mirror of the direct
 * variant's {@code LedgerConsumer}.
 */
@RestController
class LedgerSubscriber {

    private static final Logger log = LoggerFactory.getLogger(LedgerSubscriber.class);

    private final LedgerAgent agent;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final String eventsTopic;

    LedgerSubscriber(LedgerAgent agent, DaprEventPublisher publisher, IncomingEvents incoming, AgentProperties properties) {
        this.agent = agent;
        this.publisher = publisher;
        this.incoming = incoming;
        this.eventsTopic = properties.topics().ledgerEvents();
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.LEDGER_COMMANDS, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/ledger-commands")
    public void onCommand(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.LEDGER_COMMANDS, DepositRequested.class, DepositRequested.SCHEMA_VERSION,
                LedgerAgent.NAME).ifPresent(command -> {
                    log.info("{} got deposit #{} for {}", agent.instance(), command.commandNo(), command.accountId());
                    publisher.publish(eventsTopic, agent.onDeposit(command));
                });
    }
}
