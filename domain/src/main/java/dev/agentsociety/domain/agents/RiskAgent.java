package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import java.time.Clock;
import java.time.Duration;

/**
 * risk-agent's decision: the credit limit follows from the plan. The answer carries the request's correlationId.
 * A thinking time stands in for a slow risk model (S3 measures requesters against a normal and a slow one).
 */
public final class RiskAgent {

    public static final String NAME = "risk-agent";

    private final Clock clock;
    private final Duration thinkingTime;

    public RiskAgent(Clock clock, Duration thinkingTime) {
        this.clock = clock;
        this.thinkingTime = thinkingTime;
    }

    public RiskAgent(Duration thinkingTime) {
        this(Clock.systemUTC(), thinkingTime);
    }

    public RiskAgent() {
        this(Duration.ZERO);
    }

    public CreditLimitDecided decide(CreditRequested request) {
        if (!thinkingTime.isZero()) {
            try {
                Thread.sleep(thinkingTime.toMillis()); // the simulated model's work, not a wait for anything
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deciding " + request.correlationId(), e);
            }
        }
        long limitCents = "premium".equals(request.plan()) ? 5_000_00 : 1_000_00;
        return new CreditLimitDecided(SignupReaction.derivedEventId(NAME, request.eventId()), request.correlationId(),
                request.customerId(), limitCents, request.eventId(), clock.instant(), CreditLimitDecided.SCHEMA_VERSION);
    }
}
