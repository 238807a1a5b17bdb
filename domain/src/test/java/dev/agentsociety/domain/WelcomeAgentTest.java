package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.domain.EventTypes;
import dev.agentsociety.domain.agents.WelcomeAgent;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WelcomeAgentTest {

    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final WelcomeAgent agent = new WelcomeAgent(Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void everySignupGetsOneWelcomeEmailCausedByIt() {
        var signup = new CustomerSignedUp("e-1", "c-1", "ada@example.com", "premium", now, 1);

        WelcomeEmailSent email = agent.onSignup(signup);

        assertThat(email.customerId()).isEqualTo("c-1");
        assertThat(email.email()).isEqualTo("ada@example.com");
        assertThat(email.subject()).isEqualTo("Welcome to Premium");
        assertThat(email.causationId()).isEqualTo("e-1");
        assertThat(email.correlationId()).isEqualTo("e-1");
        assertThat(email.occurredAt()).isEqualTo(now);
        assertThat(email.key()).isEqualTo("c-1");
    }

    @Test
    void aRedeliveredSignupYieldsTheSameEventId() {
        var signup = new CustomerSignedUp("e-2", "c-2", "bob@example.com", "basic", now, 1);

        assertThat(agent.onSignup(signup).eventId()).isEqualTo(agent.onSignup(signup).eventId());
        assertThat(agent.onSignup(signup).subject()).isEqualTo("Welcome aboard");
    }

    @Test
    void eventsRoundTripThroughJsonWithIsoInstants() {
        var signup = new CustomerSignedUp("e-3", "c-3", "cy@example.com", "basic", now, 1);

        byte[] json = EventJson.toBytes(signup);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"occurredAt\":\"2026-11-27T10:00:00Z\"");
        assertThat(EventJson.fromBytes(json, CustomerSignedUp.class)).isEqualTo(signup);
    }

    @Test
    void aMissingFieldIsRejectedWithItsName() {
        byte[] json = "{\"eventId\":\"e-4\",\"email\":\"x@example.com\",\"plan\":\"basic\",\"occurredAt\":\"2026-11-27T10:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventJson.fromBytes(json, CustomerSignedUp.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("customerId");
    }

    @Test
    void typeNamesCarryTheSchemaVersionAndMapBack() {
        var signup = CustomerSignedUp.of("c-5", "d@example.com", "basic");

        assertThat(signup.type()).isEqualTo("agentsociety.CustomerSignedUp.v1");
        assertThat(EventTypes.classOf("agentsociety.CustomerSignedUp.v2")).contains(CustomerSignedUp.class);
        assertThat(EventTypes.classOf("com.dapr.event.sent")).isEmpty();
    }

    @Test
    void topicsTakeAPrefixAndRefuseOddOnes() {
        assertThat(new Topics("run1.").customerSignups()).isEqualTo("run1.customer-signups");
        assertThat(Topics.deadLetter("customer-signups")).isEqualTo("customer-signups-dlq");
        assertThatThrownBy(() -> new Topics("bad prefix")).hasMessageContaining("bad prefix");
    }
}
