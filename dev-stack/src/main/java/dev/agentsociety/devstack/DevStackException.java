package dev.agentsociety.devstack;

/** The dev stack could not do what was asked; the message names the thing and the fix. */
public class DevStackException extends RuntimeException {

    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
