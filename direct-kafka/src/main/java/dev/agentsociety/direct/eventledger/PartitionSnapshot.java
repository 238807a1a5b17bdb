package dev.agentsociety.direct.eventledger;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.ledger.Account;
import java.time.Instant;
import java.util.List;

/**
 * The direct ledger's snapshot of one log partition: its accounts as the events below {@code nextOffset} make them,
 * and the latest commands it answered (the window within which a publisher's retry is recognised). A rebuild reads
 * the newest snapshot of the partition, then the log from {@code nextOffset} on, instead of the log from offset 0.
 * Written in the same transaction as the events it covers, so a snapshot exists only if they do; a cache — deleting
 * the topic loses nothing but rebuild time.
 */
public record PartitionSnapshot(int partition, long nextOffset, List<Account> accounts, List<String> recentCommands,
        Instant takenAt) {

    /** A snapshot of a partition after this many events written to it since its last one. */
    public static final int EVERY = 100;
    /** How many of a partition's latest answered commands a snapshot keeps: the window for recognising retries. */
    public static final int COMMAND_WINDOW = 10_000;

    /** The record key: one per partition, so compaction keeps the newest. */
    public static String key(int partition) {
        return "partition-" + partition;
    }

    public byte[] toBytes() {
        return EventJson.toBytes(this);
    }

    public static PartitionSnapshot fromBytes(byte[] bytes) {
        return EventJson.fromBytes(bytes, PartitionSnapshot.class);
    }
}
