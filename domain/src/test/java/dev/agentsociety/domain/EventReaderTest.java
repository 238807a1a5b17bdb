package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.EventReader;
import dev.agentsociety.domain.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    private static final String TYPE = "agentsociety.CustomerSignedUp.v1";

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAValidEvent() {
        CustomerSignedUp signup = EventReader.read(TYPE, json("""
                {"eventId":"e-1","customerId":"c-1","email":"a@example.com","plan":"basic",
                 "occurredAt":"2026-11-27T10:00:00Z","schemaVersion":1}"""), CustomerSignedUp.class, 1);
        assertThat(signup.customerId()).isEqualTo("c-1");
    }

    @Test
    void refusesWithTheReason() {
        assertThatThrownBy(() -> EventReader.read("com.example.Other", json("{}"), CustomerSignedUp.class, 1))
                .isInstanceOf(MalformedEventException.class).hasMessage("unknown event type com.example.Other");
        assertThatThrownBy(() -> EventReader.read("agentsociety.WelcomeEmailSent.v1", json("{}"), CustomerSignedUp.class, 1))
                .hasMessage("expected CustomerSignedUp, got agentsociety.WelcomeEmailSent.v1");
        assertThatThrownBy(() -> EventReader.read(TYPE, json("{not json"), CustomerSignedUp.class, 1))
                .hasMessageStartingWith("data is not valid JSON");
        assertThatThrownBy(() -> EventReader.read(TYPE, json("""
                {"eventId":"e-1","email":"a@example.com","plan":"basic","occurredAt":"2026-11-27T10:00:00Z","schemaVersion":1}"""),
                CustomerSignedUp.class, 1))
                .hasMessage("missing field customerId");
        assertThatThrownBy(() -> EventReader.read(TYPE, json("""
                {"eventId":"e-1","customerId":"c-1","email":"a@example.com","plan":"basic","occurredAt":"2026-11-27T10:00:00Z","schemaVersion":2}"""),
                CustomerSignedUp.class, 1))
                .hasMessage("schemaVersion 2 is newer than the supported 1 (CustomerSignedUp)");
        assertThatThrownBy(() -> EventReader.read(TYPE, new byte[0], CustomerSignedUp.class, 1))
                .hasMessage("no data in " + TYPE);
    }
}
