package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.time.Clock;

/** welcome-agent's decision: every signup gets one welcome e-mail. */
public final class WelcomeAgent implements SignupReaction {

    public static final String NAME = "welcome-agent";

    private final Clock clock;

    public WelcomeAgent(Clock clock) {
        this.clock = clock;
    }

    public WelcomeAgent() {
        this(Clock.systemUTC());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String outputTopic(Topics topics) {
        return topics.welcomeEmails();
    }

    @Override
    public WelcomeEmailSent onSignup(CustomerSignedUp signup) {
        String subject = switch (signup.plan()) {
            case "premium" -> "Welcome to Premium";
            default -> "Welcome aboard";
        };
        return new WelcomeEmailSent(SignupReaction.derivedEventId(NAME, signup.eventId()), signup.customerId(),
                signup.email(), subject, signup.eventId(), signup.eventId(), clock.instant(), WelcomeEmailSent.SCHEMA_VERSION);
    }
}
