package dev.agentsociety.direct;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DomainEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The envelope on the wire: a CloudEvent in <em>structured</em> mode, the whole event one JSON document in the
 * record value ({@code content-type: application/cloudevents+json}). It is what daprd writes to Kafka and what it
 * reads back as a CloudEvent, so messages cross between the variants unchanged. (Binary mode, with {@code ce_*}
 * headers, is not read by Dapr 1.16: it would wrap the bare payload in a new CloudEvent with a new id.)
 */
public final class KafkaEventCodec {

    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String STRUCTURED_CONTENT_TYPE = JsonFormat.CONTENT_TYPE;

    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final URI source;

    /** {@code agentName} becomes the CloudEvent source, as daprd uses the app-id. */
    public KafkaEventCodec(String agentName) {
        this.source = URI.create(agentName);
    }

    public byte[] encode(DomainEvent event) {
        CloudEvent cloudEvent = CloudEventBuilder.v1()
                .withId(event.eventId())
                .withSource(source)
                .withType(event.type())
                .withTime(event.occurredAt().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(EventJson.toBytes(event))
                .build();
        return FORMAT.serialize(cloudEvent);
    }

    /**
     * A record as it goes to {@code <topic>-dlq}: unchanged, with its headers, plus why ({@code dlq.reason}), who
     * gave up ({@code dlq.agent}) and where it came from ({@code dlq.source}, topic-partition@offset).
     */
    public static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String reason, String agent) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(),
                record.value(), record.headers());
        letter.headers()
                .add("dlq.reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("dlq.agent", agent.getBytes(StandardCharsets.UTF_8))
                .add("dlq.source", (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        return letter;
    }

    /** Reads a structured CloudEvent; throws {@link io.cloudevents.core.format.EventDeserializationException} when the bytes are not one. */
    public static CloudEvent decode(byte[] value) {
        return FORMAT.deserialize(value);
    }

    /** The typed event a CloudEvent carries. */
    public static <T> T data(CloudEvent cloudEvent, Class<T> type) {
        if (cloudEvent.getData() == null) {
            throw new IllegalArgumentException("CloudEvent " + cloudEvent.getId() + " carries no data");
        }
        return EventJson.fromBytes(cloudEvent.getData().toBytes(), type);
    }
}
