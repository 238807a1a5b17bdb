package dev.agentsociety.domain.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * audit-agent's memory: which event it saw on which topic, in the order it saw them, for a person (or a test) to
 * read back. Bounded: the oldest entries go first.
 */
public final class AuditTrail {

    public static final String NAME = "audit-agent";

    public record Entry(String topic, String eventId, String type, String key, Instant observedAt) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final int capacity;
    private final Clock clock;

    public AuditTrail(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    public synchronized Entry record(String topic, String eventId, String type, String key) {
        Entry entry = new Entry(topic, eventId, type, key, clock.instant());
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
        return entry;
    }

    /**
     * The key an entry is filed under: the record key where the transport gives one (Kafka), else the
     * {@code customerId} in the event's data (a broker without record keys, e.g. Redis Streams), else null.
     */
    public static String keyOf(String recordKey, byte[] data) {
        if (recordKey != null || data == null) {
            return recordKey;
        }
        try {
            JsonNode customer = EventJson.mapper().readTree(data).get("customerId");
            return customer == null || !customer.isTextual() ? null : customer.asText();
        } catch (IOException notJson) {
            return null;
        }
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
