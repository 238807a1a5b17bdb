package dev.agentsociety.direct;

import io.cloudevents.CloudEvent;

/** A CloudEvent read from Kafka, with where it was: topic, partition, offset and record key. */
public record ReceivedEvent(String topic, int partition, long offset, String key, CloudEvent cloudEvent) {

    public <T> T data(Class<T> type) {
        return KafkaEventCodec.data(cloudEvent, type);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key + " " + cloudEvent.getType() + " " + cloudEvent.getId();
    }
}
