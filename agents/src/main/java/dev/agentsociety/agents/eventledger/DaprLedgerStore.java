package dev.agentsociety.agents.eventledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.EventTypes;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.ConcurrencyConflict;
import dev.agentsociety.domain.ledger.LedgerCommand;
import dev.agentsociety.domain.ledger.LedgerEvent;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The event-sourced ledger in a Dapr state store. Per account: one key per event ({@code event-<account>-<seq>},
 * written once) and a head ({@code head-<account>}: the account at its latest version — a snapshot that is always
 * current, so a decision reads one key, not the history); per command answered, a key {@code cmd-<id>} naming its
 * events. One state transaction writes all of a command's keys; the head carries the ETag the writer read, so of
 * two writers that read version N only the first commits (the other gets an ETag mismatch), and the command key is
 * first-write-only, so a command is answered once even by two racing instances.
 */
public class DaprLedgerStore {

    private static final StateOptions WRITE_ONCE_OR_IF_UNCHANGED =
            new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);

    private final DaprClient client;
    private final String store;

    public DaprLedgerStore(DaprClient client, String store) {
        this.client = client;
        this.store = store;
    }

    /** The account and the ETag to write it back with (null: not written yet). */
    public record Head(Account account, String etag) {
    }

    /** Which events answered a command, and what it asked (for "why"). */
    public record Answer(String accountId, long firstSequence, long lastSequence, String asked) {
    }

    public Head head(String accountId) {
        State<byte[]> state = client.getState(store, "head-" + accountId, byte[].class).block();
        if (state == null || state.getValue() == null || state.getValue().length == 0) {
            return new Head(Account.none(accountId), null);
        }
        return new Head(EventJson.fromBytes(state.getValue(), Account.class), blankToNull(state.getEtag()));
    }

    public Optional<Answer> answer(String commandId) {
        State<byte[]> state = client.getState(store, "cmd-" + commandId, byte[].class).block();
        return state == null || state.getValue() == null || state.getValue().length == 0 ? Optional.empty()
                : Optional.of(EventJson.fromBytes(state.getValue(), Answer.class));
    }

    /** Events {@code from..to} of an account, oldest first, in one bulk read. */
    public List<LedgerEvent> events(String accountId, long from, long to) {
        List<String> keys = new ArrayList<>();
        for (long sequence = from; sequence <= to; sequence++) {
            keys.add("event-" + accountId + "-" + sequence);
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        List<LedgerEvent> events = new ArrayList<>();
        for (State<byte[]> state : client.getBulkState(store, keys, byte[].class).block()) {
            if (state.getValue() == null || state.getValue().length == 0) {
                throw new IllegalStateException(state.getKey() + " is missing from " + store);
            }
            events.add(read(state.getValue()));
        }
        events.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return events;
    }

    /** Writes an account's whole history at once (head and events, one transaction): to seed a store for a replay. */
    public void importHistory(String accountId, List<LedgerEvent> events) {
        Account after = Account.replay(accountId, events);
        List<TransactionalStateOperation<?>> operations = new ArrayList<>();
        operations.add(upsert("head-" + accountId, EventJson.toBytes(after), null));
        events.forEach(event -> operations.add(upsert("event-" + accountId + "-" + event.sequence(), write(event), null)));
        client.executeStateTransaction(store, operations).block();
    }

    /**
     * Appends a command's events and the account after them in one transaction, if the head is still the one read.
     *
     * @throws ConcurrencyConflict when another writer changed the account (or answered the command) first
     */
    public void append(LedgerCommand command, Head read, List<LedgerEvent> events) {
        Account after = read.account().applyAll(events);
        List<TransactionalStateOperation<?>> operations = new ArrayList<>();
        operations.add(upsert("head-" + after.accountId(), EventJson.toBytes(after), read.etag()));
        for (LedgerEvent event : events) {
            operations.add(upsert("event-" + event.accountId() + "-" + event.sequence(), write(event), null));
        }
        operations.add(upsert("cmd-" + command.commandId(), EventJson.toBytes(new Answer(after.accountId(),
                read.account().version() + 1, after.version(), command.describe())), null));
        try {
            client.executeStateTransaction(store, operations).block();
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("etag")) {
                throw new ConcurrencyConflict(after.accountId(), read.account().version(), -1);
            }
            throw e;
        }
    }

    /** The naive contrast's write: head and events saved as they are, no transaction, no ETag, no command key. */
    public void overwrite(Account before, List<LedgerEvent> events) {
        Account after = before.applyAll(events);
        List<State<?>> states = new ArrayList<>();
        states.add(new State<>("head-" + after.accountId(), EventJson.toBytes(after), null));
        events.forEach(event -> states.add(new State<>("event-" + event.accountId() + "-" + event.sequence(), write(event), null)));
        client.saveBulkState(store, states).block();
    }

    private static TransactionalStateOperation<byte[]> upsert(String key, byte[] value, String etag) {
        return new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.UPSERT,
                new State<>(key, value, etag, WRITE_ONCE_OR_IF_UNCHANGED));
    }

    private static byte[] write(LedgerEvent event) {
        ObjectNode stored = EventJson.mapper().createObjectNode().put("type", event.type());
        stored.set("data", EventJson.mapper().valueToTree(event));
        return EventJson.toBytes(stored);
    }

    private static LedgerEvent read(byte[] bytes) {
        try {
            JsonNode stored = EventJson.mapper().readTree(bytes);
            Class<?> type = EventTypes.classOf(stored.path("type").asText())
                    .orElseThrow(() -> new IllegalStateException("not a ledger event: " + stored.path("type")));
            return (LedgerEvent) EventJson.mapper().treeToValue(stored.get("data"), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String etag) {
        return etag == null || etag.isBlank() ? null : etag;
    }
}
