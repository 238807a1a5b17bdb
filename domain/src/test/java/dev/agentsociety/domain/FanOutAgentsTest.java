package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.domain.agents.AccountAgent;
import dev.agentsociety.domain.agents.RecommendationAgent;
import dev.agentsociety.domain.events.CustomerAccountOpened;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.RecommendationsReady;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FanOutAgentsTest {

    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final Topics topics = new Topics("p.");
    private final CustomerSignedUp premium = new CustomerSignedUp("e-1", "c-1", "ada@example.com", "premium", now, 1);
    private final CustomerSignedUp basic = new CustomerSignedUp("e-2", "c-2", "bob@example.com", "basic", now, 1);

    @Test
    void accountAgentOpensOneAccountPerCustomerKeyedByTheAccount() {
        AccountAgent agent = new AccountAgent(clock);

        CustomerAccountOpened opened = agent.onSignup(premium);

        assertThat(opened.accountId()).isEqualTo("acc-c-1");
        assertThat(opened.key()).isEqualTo("acc-c-1");
        assertThat(opened.customerId()).isEqualTo("c-1");
        assertThat(opened.causationId()).isEqualTo("e-1");
        assertThat(opened.type()).isEqualTo("agentsociety.CustomerAccountOpened.v1");
        assertThat(agent.onSignup(premium).eventId()).isEqualTo(opened.eventId());
        assertThat(agent.outputTopic(topics)).isEqualTo("p.accounts");
    }

    @Test
    void recommendationsFollowThePlan() {
        RecommendationAgent agent = new RecommendationAgent(clock);

        RecommendationsReady forPremium = agent.onSignup(premium);
        RecommendationsReady forBasic = agent.onSignup(basic);

        assertThat(forPremium.products()).containsExactly("metal-card", "travel-insurance", "savings-pot");
        assertThat(forBasic.products()).containsExactly("savings-pot");
        assertThat(forBasic.causationId()).isEqualTo("e-2");
        assertThat(forPremium.eventId()).isNotEqualTo(new AccountAgent(clock).onSignup(premium).eventId());
        assertThat(agent.outputTopic(topics)).isEqualTo("p.recommendations");
    }
}
