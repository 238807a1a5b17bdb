package dev.agentsociety.domain.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.EventTypes;
import java.io.IOException;

/**
 * Reads an event out of a CloudEvent's {@code type} and {@code data}, refusing with the reason what an agent cannot
 * take. Both variants read every incoming event through it, so a bad event is judged the same way whatever the
 * transport.
 */
public final class EventReader {

    private EventReader() {
    }

    /**
     * @param type             the CloudEvent type; null when the record named none (a plain JSON event): the reading
     *                         topic's type, {@code expected}, is assumed
     * @param supportedVersion the newest schemaVersion this reader understands (the event class's SCHEMA_VERSION)
     * @throws MalformedEventException naming what is wrong
     */
    public static <T extends DomainEvent> T read(String type, byte[] data, Class<T> expected, int supportedVersion) {
        if (type != null) {
            Class<? extends DomainEvent> named = EventTypes.classOf(type)
                    .orElseThrow(() -> new MalformedEventException("unknown event type " + type));
            if (!named.equals(expected)) {
                throw new MalformedEventException("expected " + expected.getSimpleName() + ", got " + type);
            }
        }
        if (data == null || data.length == 0) {
            throw new MalformedEventException("no data in " + (type == null ? expected.getSimpleName() : type));
        }
        JsonNode json;
        try {
            json = EventJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(data);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("data is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("data is not readable: " + e.getMessage(), e);
        }
        if (!json.isObject()) {
            throw new MalformedEventException("data is JSON " + json.getNodeType().name().toLowerCase() + ", not an object");
        }
        int version = json.path("schemaVersion").asInt(0);
        if (version > supportedVersion) {
            throw new MalformedEventException("schemaVersion " + version + " is newer than the supported "
                    + supportedVersion + " (" + expected.getSimpleName() + ")");
        }
        try {
            return EventJson.mapper().treeToValue(json, expected);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String missing = root instanceof NullPointerException && root.getMessage() != null
                    ? "missing field " + root.getMessage()
                    : "cannot read " + expected.getSimpleName() + ": " + root.getMessage();
            throw new MalformedEventException(missing, e);
        }
    }
}
