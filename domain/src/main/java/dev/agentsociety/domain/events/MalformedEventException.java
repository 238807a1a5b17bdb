package dev.agentsociety.domain.events;

/** An event an agent cannot take: not JSON, an unknown type, a missing field, a newer schema. The message is the reason. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
