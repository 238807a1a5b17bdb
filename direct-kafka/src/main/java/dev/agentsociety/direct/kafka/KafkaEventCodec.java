package dev.agentsociety.direct.kafka;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.Envelope;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The envelope on the wire: a CloudEvent in <em>structured</em> mode, the whole event one JSON document in the
 * record value ({@code content-type: application/cloudevents+json}). It is what daprd writes to Kafka and what it
 * reads back as a CloudEvent, so messages cross between the variants unchanged. What the agents <em>read</em> is
 * wider: any record goes through the interop policy ({@link Envelope}), which also takes binary-mode CloudEvents
 * ({@code ce_*} headers) and plain JSON events.
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
     * gave up ({@code dlq.agent}) and where it came from ({@code dlq.source}, topic-partition@offset) — without its
     * value when that is larger than {@link Topics#DEAD_LETTER_MAX_VALUE_BYTES}.
     */
    public static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String reason, String agent) {
        byte[] value = record.value();
        boolean tooLarge = value != null && value.length > Topics.DEAD_LETTER_MAX_VALUE_BYTES;
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(),
                tooLarge ? null : value, record.headers());
        if (tooLarge) {
            letter.headers().add("dlq.value-dropped", (value.length + " bytes").getBytes(StandardCharsets.UTF_8));
        }
        letter.headers()
                .add("dlq.reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("dlq.agent", agent.getBytes(StandardCharsets.UTF_8))
                .add("dlq.source", (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        return letter;
    }

    /**
     * The envelope a record carries, by the interop policy every agent of both variants applies ({@link Envelope#open}):
     * a structured or binary-mode CloudEvent, or a plain JSON event.
     *
     * @throws dev.agentsociety.domain.events.MalformedEventException naming why the record carries no readable event
     */
    public static Envelope open(ConsumerRecord<String, byte[]> record) {
        return Envelope.open(record.value(), headers(record.headers()));
    }

    /** Record headers as the policy reads them: names in lower case, values as UTF-8 text, the last of a name kept. */
    static Map<String, String> headers(Headers headers) {
        Map<String, String> byName = new HashMap<>();
        for (Header header : headers) {
            byName.put(header.key().toLowerCase(Locale.ROOT),
                    header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return byName;
    }
}
