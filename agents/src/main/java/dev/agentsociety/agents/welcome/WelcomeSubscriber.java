package dev.agentsociety.agents.welcome;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.WelcomeAgent;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import io.dapr.Topic;
import io.dapr.client.domain.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transport adapter: the sidecar delivers each signup here (the subscription is declared by {@code @Topic});
 * the domain decides; the result is published through the sidecar. A 2xx answer tells Dapr the event is done.
 */
@RestController
class WelcomeSubscriber {

    private static final Logger log = LoggerFactory.getLogger(WelcomeSubscriber.class);

    private final WelcomeAgent agent;
    private final DaprEventPublisher publisher;
    private final String welcomeEmails;

    WelcomeSubscriber(WelcomeAgent agent, DaprEventPublisher publisher, AgentProperties properties) {
        this.agent = agent;
        this.publisher = publisher;
        this.welcomeEmails = properties.topics().welcomeEmails();
    }

    @Topic(name = "${agent.topic-prefix:}" + Topics.CUSTOMER_SIGNUPS, pubsubName = "${agent.pubsub:pubsub}")
    @PostMapping("/events/customer-signups")
    public void onSignup(@RequestBody CloudEvent<CustomerSignedUp> event) {
        CustomerSignedUp signup = event.getData();
        log.info("welcome-agent got signup {} for customer {} (CloudEvent {})", signup.eventId(), signup.customerId(),
                event.getId());
        WelcomeEmailSent email = agent.onSignup(signup);
        publisher.publish(welcomeEmails, email);
    }
}
