package dev.agentsociety.direct.ledger;

import dev.agentsociety.direct.kafka.KafkaAgentLoop;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.LedgerAgent;
import dev.agentsociety.domain.events.DepositRequested;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of ledger-agent over raw Kafka. Instances share the consumer group {@code ledger-agent}, so Kafka
 * spreads the 6 partitions of {@code ledger-commands} over them; an account's commands share a partition (record
 * key = accountId), so exactly one instance at a time handles an account, in order. On a rebalance the loop
 * commits what it handled before giving partitions up ({@link KafkaAgentLoop}'s ConsumerRebalanceListener), so
 * the next owner starts right after. The mirror of the Dapr variant's {@code LedgerSubscriber}.
 */
public final class LedgerConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerConsumer.class);

    private final LedgerAgent agent;
    private final String eventsTopic;
    private final KafkaEventPublisher publisher;
    private final KafkaAgentLoop loop;

    public LedgerConsumer(String bootstrapServers, Topics topics, LedgerAgent agent) {
        this.agent = agent;
        this.eventsTopic = topics.ledgerEvents();
        this.publisher = new KafkaEventPublisher(bootstrapServers, agent.instance());
        this.loop = new KafkaAgentLoop(bootstrapServers, LedgerAgent.NAME, agent.instance(),
                List.of(topics.ledgerCommands()), this::handle);
    }

    public LedgerConsumer start() {
        loop.start();
        return this;
    }

    private void handle(ReceivedEvent event) {
        DepositRequested command = event.read(DepositRequested.class, DepositRequested.SCHEMA_VERSION);
        log.info("{} got deposit #{} for {} ({}-{}@{})", agent.instance(), command.commandNo(), command.accountId(),
                event.topic(), event.partition(), event.offset());
        publisher.publish(eventsTopic, agent.onDeposit(command));
    }

    @Override
    public void close() {
        loop.close();
        publisher.close();
    }
}
