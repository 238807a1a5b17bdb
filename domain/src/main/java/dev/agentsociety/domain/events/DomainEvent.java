package dev.agentsociety.domain.events;

import dev.agentsociety.domain.EventTypes;
import java.time.Instant;

/** What every event carries: an id, when it happened, its schema version and the entity it is keyed by. */
public interface DomainEvent {

    String eventId();

    Instant occurredAt();

    int schemaVersion();

    /** The record key / partition key: the id of the entity the event is about. */
    String key();

    /** The CloudEvent {@code type} attribute: a stable name plus the schema version. */
    default String type() {
        return EventTypes.typeOf(getClass(), schemaVersion());
    }
}
