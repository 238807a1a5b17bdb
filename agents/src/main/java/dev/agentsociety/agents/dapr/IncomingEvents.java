package dev.agentsociety.agents.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.Envelope;
import dev.agentsociety.domain.events.MalformedEventException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * How a Dapr agent takes what its sidecar delivers — any record a topic can hold. Every subscription asks daprd for
 * the record as it is ({@link #RAW_PAYLOAD}): daprd then parses nothing, and hands the app the record value as the
 * {@code data_base64} of a wrapper it makes, with the record headers (and {@code __key}) as HTTP headers, URL-escaped
 * by the component's {@code escapeHeaders}. The app opens the value by the same interop policy as the direct variant
 * ({@link Envelope#open}) and judges the event with the domain's {@code EventReader}.
 *
 * <p>A record the agent cannot take is counted, logged and forwarded unchanged to {@code <topic>-dlq} — as a raw
 * payload, so daprd publishes the bytes as they are — with the reason as metadata ({@code dlq.reason}, a Kafka
 * header), and the delivery is done. The raw route also keeps the agents off daprd's own parsing, which dead-letters
 * non-JSON without a reason, and off the publish path where daprd 1.16.5 panics on a CloudEvent that is JSON
 * {@code null} (docs/scenarios/bad-input-and-health.md). The direct variant's counterpart is {@code KafkaAgentLoop}.
 */
public class IncomingEvents {

    /** The {@code @Topic} metadata every subscription carries: deliver the record as it is, parse nothing. */
    public static final String RAW_PAYLOAD = "{\"rawPayload\":\"true\"}";

    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);

    private final DaprEventPublisher publisher;
    private final Topics topics;
    private final AtomicLong deadLettered = new AtomicLong();

    public IncomingEvents(DaprEventPublisher publisher, Topics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    /** A record as daprd delivered it raw: its value (empty for a tombstone), its headers, its key. */
    public record Delivery(byte[] value, Map<String, String> headers) {

        /**
         * @param body        the request body: daprd's wrapper around the record value
         * @param httpHeaders the request headers: the record headers among them
         */
        public static Delivery of(byte[] body, HttpHeaders httpHeaders) throws IOException {
            JsonNode wrapper = EventJson.mapper().readTree(body == null ? new byte[0] : body);
            JsonNode base64 = wrapper == null ? null : wrapper.get("data_base64");
            byte[] value = base64 == null ? body : Base64.getDecoder().decode(base64.asText());
            Map<String, String> headers = new HashMap<>();
            httpHeaders.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), unescape(values.get(values.size() - 1))));
            return new Delivery(value, headers);
        }

        /**
         * One entry of a bulk delivery ({@code @BulkSubscribe} with {@link #RAW_PAYLOAD}): its {@code event} is the
         * record value in Base64, its {@code metadata} the record headers.
         */
        public static Delivery ofEntry(JsonNode entry) {
            byte[] value = Base64.getDecoder().decode(entry.path("event").asText(""));
            Map<String, String> headers = new HashMap<>();
            entry.path("metadata").fields().forEachRemaining(field ->
                    headers.put(field.getKey().toLowerCase(Locale.ROOT), unescape(field.getValue().asText())));
            return new Delivery(value, headers);
        }

        public String key() {
            return headers.get("__key");
        }

        /** Where the record was, for logs and {@code dlq.source}: topic-partition@offset as the Kafka component says. */
        public String source() {
            return headers.getOrDefault("__topic", "?") + "-" + headers.getOrDefault("__partition", "?") + "@"
                    + headers.getOrDefault("__offset", "?");
        }

        private static String unescape(String value) {
            try {
                return URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notEscaped) {
                return value; // a component that does not escape its headers
            }
        }
    }

    /**
     * @param topic the topic's name without prefix, e.g. {@link Topics#CUSTOMER_SIGNUPS}
     * @return the event, or empty when it went to the dead-letter topic
     */
    public <T extends DomainEvent> Optional<T> read(Delivery delivery, String topic, Class<T> type, int supportedVersion,
            String agent) {
        try {
            return Optional.of(Envelope.open(delivery.value(), delivery.headers()).read(type, supportedVersion));
        } catch (MalformedEventException malformed) {
            deadLetter(delivery, topic, agent, malformed.getMessage());
            return Optional.empty();
        }
    }

    /** The envelope of a record whatever event it carries (audit-agent records them all), or empty when dead-lettered. */
    public Optional<Envelope> open(Delivery delivery, String topic, String agent) {
        try {
            return Optional.of(Envelope.open(delivery.value(), delivery.headers()));
        } catch (MalformedEventException malformed) {
            deadLetter(delivery, topic, agent, malformed.getMessage());
            return Optional.empty();
        }
    }

    /** How many events this agent sent to a dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }

    private void deadLetter(Delivery delivery, String topic, String agent, String reason) {
        String deadLetters = Topics.deadLetter(topics.prefix() + topic);
        Map<String, String> metadata = new HashMap<>();
        // the record's own CloudEvent headers go along, as the direct variant copies every header
        delivery.headers().forEach((name, value) -> {
            if (name.startsWith("ce_") || name.equals(Envelope.TYPE_HEADER)) {
                metadata.put(name, value);
            }
        });
        byte[] value = delivery.value() == null ? new byte[0] : delivery.value();
        if (value.length > Topics.DEAD_LETTER_MAX_VALUE_BYTES) {
            metadata.put("dlq.value-dropped", value.length + " bytes");
            value = new byte[0];
        }
        metadata.put("dlq.reason", reason);
        metadata.put("dlq.agent", agent);
        metadata.put("dlq.source", delivery.source());
        if (delivery.key() != null) {
            metadata.put("partitionKey", delivery.key());
        }
        publisher.forward(deadLetters, value, metadata);
        deadLettered.incrementAndGet();
        log.warn("{} dead-lettered {} to {}: {}", agent, delivery.source(), deadLetters, reason);
    }
}
