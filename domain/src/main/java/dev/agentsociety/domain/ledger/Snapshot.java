package dev.agentsociety.domain.ledger;

/**
 * An account's state at a version, so that a rebuild replays only the events after it. Taken every
 * {@link #EVERY} events; a snapshot is a cache: deleting every snapshot loses nothing.
 */
public record Snapshot(Account account) {

    public static final int EVERY = 100;

    /** Whether the account, having just reached {@code version}, is due for a snapshot. */
    public static boolean due(long version) {
        return version > 0 && version % EVERY == 0;
    }

    public long version() {
        return account.version();
    }
}
