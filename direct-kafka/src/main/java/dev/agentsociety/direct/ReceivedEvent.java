package dev.agentsociety.direct;

import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.EventReader;
import dev.agentsociety.domain.events.MalformedEventException;
import io.cloudevents.CloudEvent;
import java.time.Instant;

/** A CloudEvent read from Kafka, with where it was (topic, partition, offset), its record key and timestamp. */
public record ReceivedEvent(String topic, int partition, long offset, String key, Instant timestamp, CloudEvent cloudEvent) {

    public <T> T data(Class<T> type) {
        return KafkaEventCodec.data(cloudEvent, type);
    }

    /** The event, judged by the domain's {@link EventReader}: throws {@link MalformedEventException} with the reason. */
    public <T extends DomainEvent> T read(Class<T> type, int supportedVersion) {
        byte[] data = cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes();
        return EventReader.read(cloudEvent.getType(), data, type, supportedVersion);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key + " " + cloudEvent.getType() + " " + cloudEvent.getId();
    }
}
