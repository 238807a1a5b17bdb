package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import java.time.Clock;

/** risk-agent's decision: the credit limit follows from the plan. The answer carries the request's correlationId. */
public final class RiskAgent {

    public static final String NAME = "risk-agent";

    private final Clock clock;

    public RiskAgent(Clock clock) {
        this.clock = clock;
    }

    public RiskAgent() {
        this(Clock.systemUTC());
    }

    public CreditLimitDecided decide(CreditRequested request) {
        long limitCents = "premium".equals(request.plan()) ? 5_000_00 : 1_000_00;
        return new CreditLimitDecided(SignupReaction.derivedEventId(NAME, request.eventId()), request.correlationId(),
                request.customerId(), limitCents, request.eventId(), clock.instant(), CreditLimitDecided.SCHEMA_VERSION);
    }
}
