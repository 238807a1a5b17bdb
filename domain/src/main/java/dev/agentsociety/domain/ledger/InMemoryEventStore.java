package dev.agentsociety.domain.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event store's contract in its plainest form, for the domain's tests and as the reference the real stores
 * (a Kafka topic, a Dapr state store) are held to: an account's events in order, appended only at the version
 * the writer read.
 */
public final class InMemoryEventStore {

    private final Map<String, List<LedgerEvent>> byAccount = new HashMap<>();
    private final List<LedgerEvent> all = new ArrayList<>();

    /** Appends {@code events} if the account is still at {@code expectedVersion}; else nothing and a conflict. */
    public synchronized void append(String accountId, long expectedVersion, List<LedgerEvent> events) {
        List<LedgerEvent> stream = byAccount.computeIfAbsent(accountId, a -> new ArrayList<>());
        if (stream.size() != expectedVersion) {
            throw new ConcurrencyConflict(accountId, expectedVersion, stream.size());
        }
        long next = expectedVersion + 1;
        for (LedgerEvent event : events) {
            if (event.sequence() != next++) {
                throw new IllegalArgumentException(event.describeFor() + " does not follow version " + (next - 2));
            }
        }
        stream.addAll(events);
        all.addAll(events);
    }

    public synchronized List<LedgerEvent> events(String accountId) {
        return List.copyOf(byAccount.getOrDefault(accountId, List.of()));
    }

    /** Every event in the order it was appended (the order a log would have). */
    public synchronized List<LedgerEvent> all() {
        return List.copyOf(all);
    }
}
