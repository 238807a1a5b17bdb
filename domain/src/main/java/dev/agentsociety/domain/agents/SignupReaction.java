package dev.agentsociety.domain.agents;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An agent that answers every signup with one event of its own (S2, fan-out): welcome-agent, account-agent,
 * recommendation-agent. Both variants run the same implementations; only how the signup arrives and how the
 * answer leaves differs.
 */
public interface SignupReaction {

    /** The agent's name: its Dapr app-id and its Kafka consumer group. */
    String name();

    /** Where the answer goes. */
    String outputTopic(Topics topics);

    DomainEvent onSignup(CustomerSignedUp signup);

    /**
     * The answer's event id, derived from the agent and the signup: a redelivered signup yields the same id, so a
     * consumer downstream recognises the duplicate.
     */
    static String derivedEventId(String agentName, String causeEventId) {
        return UUID.nameUUIDFromBytes((agentName + ":" + causeEventId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
