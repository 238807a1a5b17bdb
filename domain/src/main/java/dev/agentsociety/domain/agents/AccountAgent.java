package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerAccountOpened;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.time.Clock;

/** account-agent's decision: every new customer gets one account, whose id follows from the customer's. */
public final class AccountAgent implements SignupReaction {

    public static final String NAME = "account-agent";

    private final Clock clock;

    public AccountAgent(Clock clock) {
        this.clock = clock;
    }

    public AccountAgent() {
        this(Clock.systemUTC());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String outputTopic(Topics topics) {
        return topics.accounts();
    }

    @Override
    public CustomerAccountOpened onSignup(CustomerSignedUp signup) {
        return new CustomerAccountOpened(SignupReaction.derivedEventId(NAME, signup.eventId()), "acc-" + signup.customerId(),
                signup.customerId(), signup.plan(), signup.eventId(), signup.eventId(), clock.instant(),
                CustomerAccountOpened.SCHEMA_VERSION);
    }
}
