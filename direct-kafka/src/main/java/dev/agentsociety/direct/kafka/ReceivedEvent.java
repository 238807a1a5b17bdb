package dev.agentsociety.direct.kafka;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.Envelope;
import dev.agentsociety.domain.events.EventReader;
import dev.agentsociety.domain.events.MalformedEventException;
import java.time.Instant;

/** An event read from Kafka — its {@link Envelope} — with where it was (topic, partition, offset), its record key and timestamp. */
public record ReceivedEvent(String topic, int partition, long offset, String key, Instant timestamp, Envelope envelope) {

    /** The event's data as {@code type}, unjudged: for observers that know what they read. */
    public <T> T data(Class<T> type) {
        if (envelope.data() == null) {
            throw new IllegalArgumentException("event " + envelope.describe() + " carries no data");
        }
        return EventJson.fromBytes(envelope.data(), type);
    }

    /** The event, judged by the domain's {@link EventReader}: throws {@link MalformedEventException} with the reason. */
    public <T extends DomainEvent> T read(Class<T> type, int supportedVersion) {
        return envelope.read(type, supportedVersion);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key + " " + envelope.type() + " " + envelope.describe();
    }
}
