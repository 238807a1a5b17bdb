package dev.agentsociety.agents.account;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.SignupSubscriber;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.events.CustomerSignedUp;
import io.dapr.Topic;
import io.dapr.client.domain.CloudEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** account-agent's subscription to signups, declared by {@code @Topic}. */
@RestController
class AccountSubscriber extends SignupSubscriber {

    AccountSubscriber(AccountAgent agent, DaprEventPublisher publisher, AgentProperties properties) {
        super(agent, publisher, properties);
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS, pubsubName = "${agent.pubsub:pubsub}")
    @PostMapping("/events/customer-signups")
    public void onSignup(@RequestBody CloudEvent<CustomerSignedUp> event) {
        react(event);
    }
}
