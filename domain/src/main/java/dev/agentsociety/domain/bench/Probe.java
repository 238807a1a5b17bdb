package dev.agentsociety.domain.bench;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.events.DomainEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * The benchmark's message: numbered within a run, stamped with the wall-clock microsecond its publish call began (or, at a fixed rate, was due)
 * (publisher and handler share the host's clock), padded so that its JSON is the requested payload size. It
 * travels as every domain event does — in a CloudEvent envelope — so a benchmark measures the agents' own path.
 * Only the four components are on the wire; id, time and version derive from them, to leave room in 100 bytes.
 */
public record Probe(String run, long seq, long sentAtMicros, String padding) implements DomainEvent {

    public static final int SCHEMA_VERSION = 1;

    public Probe {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(padding, "padding");
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq is 0 .. 2^31-1: " + seq);
        }
    }

    /** Probe {@code seq} of {@code run}, sent now, whose JSON is {@code payloadBytes} long (or as short as it can be). */
    public static Probe of(String run, long seq, int payloadBytes) {
        return dueAt(run, seq, payloadBytes, nowMicros());
    }

    /**
     * Probe {@code seq} of {@code run}, stamped with when a rate's schedule had it due (wall-clock µs): its latency
     * then counts the time it waited to be sent.
     */
    public static Probe dueAt(String run, long seq, int payloadBytes, long dueAtMicros) {
        Probe bare = new Probe(run, seq, dueAtMicros, "");
        int missing = payloadBytes - EventJson.toBytes(bare).length;
        return missing <= 0 ? bare : new Probe(run, seq, bare.sentAtMicros, "x".repeat(missing));
    }

    /** Wall-clock time in microseconds since the epoch. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    @Override
    public String eventId() {
        return run + "-" + seq;
    }

    @Override
    public Instant occurredAt() {
        return Instant.EPOCH.plusNanos(sentAtMicros * 1_000);
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    public String key() {
        return eventId();
    }
}
