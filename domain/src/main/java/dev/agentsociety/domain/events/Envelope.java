package dev.agentsociety.domain.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The interop policy: what an agent makes of a record — any record a topic can hold — before the domain's
 * {@link EventReader} judges the event in it. Both variants call {@link #open} with the record's value and headers
 * (the direct variant from the {@code ConsumerRecord}; a Dapr agent from daprd's raw delivery, whose
 * {@code data_base64} is the record value and whose HTTP headers are the record headers), so a record is taken or
 * refused for the same reason whatever the transport.
 *
 * <p>Taken, in this order:
 * <ol>
 *   <li><b>binary-mode CloudEvent</b> (the CloudEvents Kafka protocol binding: {@code ce_specversion},
 *       {@code ce_id}, {@code ce_type}, {@code ce_source} headers; the value is the data) — what Spring Cloud
 *       Stream, Knative and Debezium write;</li>
 *   <li><b>structured CloudEvent</b>: a JSON object with {@code specversion} — what both variants write; its data an
 *       object, a JSON string (daprd leaves some so) or {@code data_base64};</li>
 *   <li><b>plain JSON domain event</b>: any other JSON object — the event itself; its type from the record's
 *       {@code type} header, else the one event type the reading topic carries; its id is its {@code eventId}.</li>
 * </ol>
 * Refused with a reason ({@link MalformedEventException}): no value (a tombstone or an empty record), bytes that are
 * not UTF-8, text that is not JSON, JSON that is not an object, a CloudEvent of another spec version or whose
 * {@code data_base64} is not Base64. What the event in an envelope may be (type, fields, schema version) is
 * {@link EventReader}'s to judge.
 *
 * @param id     the CloudEvent id; null for a plain JSON event (its {@code eventId} is read with the event)
 * @param type   the CloudEvent type; null when the reader's topic decides
 * @param source the CloudEvent source; null for a plain JSON event
 * @param data   the event's JSON; null when a CloudEvent carries none
 * @param format how the record carried the event
 */
public record Envelope(String id, String type, String source, byte[] data, Format format) {

    /** How a record carried its event: the three forms the interop policy takes. */
    public enum Format { STRUCTURED_CLOUDEVENT, BINARY_CLOUDEVENT, PLAIN_JSON }

    /** The record header that names a plain JSON event's type (a CloudEvent type, e.g. {@code agentsociety.CustomerSignedUp.v1}). */
    public static final String TYPE_HEADER = "type";

    private static final ObjectReader JSON = EventJson.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @param value   the record value, null for a tombstone
     * @param headers the record headers, names in lower case, values as UTF-8 text
     * @throws MalformedEventException naming why the record carries no event this project can read
     */
    public static Envelope open(byte[] value, Map<String, String> headers) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("no value (a tombstone or an empty record)");
        }
        String specVersion = headers.get("ce_specversion");
        if (specVersion != null) {
            requireSpecVersion(specVersion);
            object(value, "the data of a binary-mode CloudEvent");
            return new Envelope(headers.get("ce_id"), headers.get("ce_type"), headers.get("ce_source"), value,
                    Format.BINARY_CLOUDEVENT);
        }
        JsonNode json = object(value, "the record value");
        if (!json.has("specversion")) {
            return new Envelope(null, headers.get(TYPE_HEADER), null, value, Format.PLAIN_JSON);
        }
        requireSpecVersion(json.get("specversion").asText());
        return new Envelope(text(json, "id"), text(json, "type"), text(json, "source"), data(json), Format.STRUCTURED_CLOUDEVENT);
    }

    /** The event in this envelope, judged by {@link EventReader}: of the reading topic's type unless the envelope names one. */
    public <T extends DomainEvent> T read(Class<T> expected, int supportedVersion) {
        return EventReader.read(type, data, expected, supportedVersion);
    }

    /** The event's id for logs: the CloudEvent id, else the plain event's {@code eventId}, else "?". */
    public String describe() {
        if (id != null) {
            return id;
        }
        try {
            return data == null ? "?" : JSON.readTree(data).path("eventId").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void requireSpecVersion(String specVersion) {
        if (!"1.0".equals(specVersion)) {
            throw new MalformedEventException("CloudEvents specversion " + specVersion + " is not supported (1.0 is)");
        }
    }

    private static JsonNode object(byte[] value, String what) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new MalformedEventException(what + " is not UTF-8 text (" + value.length + " bytes)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(what + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedEventException(what + " is not readable: " + e.getMessage());
        }
        if (json == null || json.isMissingNode() || !json.isObject()) {
            String kind = json == null || json.isMissingNode() ? "nothing" : json.getNodeType().name().toLowerCase();
            throw new MalformedEventException(what + " is JSON " + kind + ", not an object");
        }
        return json;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] data(JsonNode cloudEvent) {
        JsonNode base64 = cloudEvent.get("data_base64");
        if (base64 != null && !base64.isNull()) {
            try {
                return Base64.getDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedEventException("data_base64 is not Base64: " + e.getMessage());
            }
        }
        JsonNode data = cloudEvent.get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        return data.isTextual() ? data.asText().getBytes(StandardCharsets.UTF_8) : EventJson.toBytes(data);
    }
}
