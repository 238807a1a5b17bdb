package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.time.Clock;
import java.util.UUID;

/**
 * welcome-agent's decision: every signup gets one welcome e-mail. Pure: the caller delivers the signup
 * and publishes the result, over Kafka or over Dapr.
 *
 * <p>The e-mail's event id is derived from the signup's event id, so a redelivered signup yields the same
 * event and a consumer downstream can recognise the duplicate.
 */
public final class WelcomeAgent {

    public static final String NAME = "welcome-agent";

    private final Clock clock;

    public WelcomeAgent(Clock clock) {
        this.clock = clock;
    }

    public WelcomeAgent() {
        this(Clock.systemUTC());
    }

    public WelcomeEmailSent onSignup(CustomerSignedUp signup) {
        String eventId = UUID.nameUUIDFromBytes((NAME + ":" + signup.eventId()).getBytes()).toString();
        String subject = switch (signup.plan()) {
            case "premium" -> "Welcome to Premium";
            default -> "Welcome aboard";
        };
        return new WelcomeEmailSent(eventId, signup.customerId(), signup.email(), subject,
                signup.eventId(), signup.eventId(), clock.instant(), WelcomeEmailSent.SCHEMA_VERSION);
    }
}
