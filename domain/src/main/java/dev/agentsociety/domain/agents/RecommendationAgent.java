package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.RecommendationsReady;
import java.time.Clock;
import java.util.List;

/** recommendation-agent's decision: the first products to suggest follow from the plan signed up for. */
public final class RecommendationAgent implements SignupReaction {

    public static final String NAME = "recommendation-agent";

    private final Clock clock;

    public RecommendationAgent(Clock clock) {
        this.clock = clock;
    }

    public RecommendationAgent() {
        this(Clock.systemUTC());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String outputTopic(Topics topics) {
        return topics.recommendations();
    }

    @Override
    public RecommendationsReady onSignup(CustomerSignedUp signup) {
        List<String> products = switch (signup.plan()) {
            case "premium" -> List.of("metal-card", "travel-insurance", "savings-pot");
            default -> List.of("savings-pot");
        };
        return new RecommendationsReady(SignupReaction.derivedEventId(NAME, signup.eventId()), signup.customerId(),
                products, signup.eventId(), signup.eventId(), clock.instant(), RecommendationsReady.SCHEMA_VERSION);
    }
}
