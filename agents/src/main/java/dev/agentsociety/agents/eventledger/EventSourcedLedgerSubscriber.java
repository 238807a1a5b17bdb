package dev.agentsociety.agents.eventledger;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.IncomingEvents;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.ledger.ConcurrencyConflict;
import dev.agentsociety.domain.ledger.LedgerCommand;
import dev.agentsociety.domain.ledger.LedgerEvent;
import dev.agentsociety.domain.ledger.PaymentRequested;
import io.dapr.Topic;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Dapr way to exactly-once effects on at-least-once pub/sub: an idempotent consumer. Each command is decided
 * on the account's head and committed with its events and its command key in one state transaction (ETag on the
 * head); a command whose key exists was answered — its stored events are published again and nothing else
 * happens. Events go to {@code ledger-events} after the commit, so a crash in between publishes them when the
 * command comes again: publication is at least once, each event keeps its id and sequence, and readers skip what
 * they have seen. The mirror of the direct variant's {@code EventSourcedLedger}.
 *
 * <p>With {@code agent.ledger.naive=true}, the contrast, as the direct variant's at-least-once mode: decide on the
 * head, save head and events (no transaction, no ETag, no command key), publish. A command delivered again — after
 * a crash, or published twice — is decided again.
 */
@RestController
class EventSourcedLedgerSubscriber {

    private static final Logger log = LoggerFactory.getLogger(EventSourcedLedgerSubscriber.class);
    private static final int ATTEMPTS = 10;

    private final DaprLedgerStore store;
    private final DaprEventPublisher publisher;
    private final IncomingEvents incoming;
    private final String eventsTopic;
    private final boolean naive;
    private final Clock clock = Clock.systemUTC();

    EventSourcedLedgerSubscriber(DaprLedgerStore store, DaprEventPublisher publisher, IncomingEvents incoming,
            AgentProperties properties, @Value("${agent.ledger.naive:false}") boolean naive) {
        this.store = store;
        this.naive = naive;
        this.publisher = publisher;
        this.incoming = incoming;
        this.eventsTopic = properties.topics().ledgerEvents();
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.PAYMENT_REQUESTED, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/payment-requested")
    public void onPayment(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.PAYMENT_REQUESTED, PaymentRequested.class, PaymentRequested.SCHEMA_VERSION,
                EventSourcedLedgerApplication.APP_ID).ifPresent(payment -> handle(payment.command()));
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.LEDGER_COMMANDS, pubsubName = "${agent.pubsub:pubsub}",
            metadata = IncomingEvents.RAW_PAYLOAD)
    @PostMapping("/events/ledger-commands")
    public void onDeposit(@RequestBody(required = false) byte[] record, @RequestHeader HttpHeaders headers) throws IOException {
        incoming.read(IncomingEvents.Delivery.of(record, headers), Topics.LEDGER_COMMANDS, DepositRequested.class, DepositRequested.SCHEMA_VERSION,
                EventSourcedLedgerApplication.APP_ID).ifPresent(deposit -> handle(
                new LedgerCommand.Deposit(deposit.eventId(), deposit.accountId(), deposit.amountCents())));
    }

    private void handle(LedgerCommand command) {
        if (naive) {
            DaprLedgerStore.Head head = store.head(command.accountId());
            List<LedgerEvent> events = head.account().decide(command, clock);
            store.overwrite(head.account(), events);
            publish(events);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            Optional<DaprLedgerStore.Answer> answered = store.answer(command.commandId());
            if (answered.isPresent()) { // delivered again: publish what the first delivery decided, decide nothing
                DaprLedgerStore.Answer answer = answered.get();
                publish(store.events(answer.accountId(), answer.firstSequence(), answer.lastSequence()));
                log.info("command {} was answered before: its events published again", command.commandId());
                return;
            }
            DaprLedgerStore.Head head = store.head(command.accountId());
            List<LedgerEvent> events = head.account().decide(command, clock);
            try {
                store.append(command, head, events);
            } catch (ConcurrencyConflict conflict) {
                if (attempt == ATTEMPTS) {
                    throw conflict;
                }
                log.info("{} (attempt {}): reading again", conflict.getMessage(), attempt);
                continue;
            }
            publish(events);
            return;
        }
    }

    private void publish(List<LedgerEvent> events) {
        events.forEach(event -> publisher.publish(eventsTopic, event));
    }
}
