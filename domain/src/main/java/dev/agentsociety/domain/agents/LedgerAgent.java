package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.events.DepositRecorded;
import java.time.Clock;

/**
 * ledger-agent's decision for a deposit command: record it. Several instances share the work in one consumer
 * group; each names itself in what it records.
 */
public final class LedgerAgent {

    public static final String NAME = "ledger-agent";

    private final String instance;
    private final Clock clock;

    public LedgerAgent(String instance, Clock clock) {
        this.instance = instance;
        this.clock = clock;
    }

    public LedgerAgent(String instance) {
        this(instance, Clock.systemUTC());
    }

    public String instance() {
        return instance;
    }

    public DepositRecorded onDeposit(DepositRequested command) {
        // the event id follows from the command: a redelivered command yields the same id, a duplicate a reader can see
        return new DepositRecorded(SignupReaction.derivedEventId(NAME, command.eventId()), command.accountId(),
                command.commandNo(), command.amountCents(), instance, command.eventId(), command.eventId(),
                clock.instant(), DepositRecorded.SCHEMA_VERSION);
    }
}
