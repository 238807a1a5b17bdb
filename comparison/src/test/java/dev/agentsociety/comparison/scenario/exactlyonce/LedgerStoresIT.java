package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.agentsociety.agents.eventledger.EventSourcedLedgerApplication;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.domain.EventJson;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the ledger asks of its state store, asked of each folder under components/state through a real daprd: a state
 * transaction whose ETag check fails must leave nothing behind (else a command's events and its "answered" key are
 * written while its head is not), and a first-write key must refuse a second write inside a transaction (else two
 * racing instances both answer a command). SQLite and PostgreSQL hold to both; Redis — MULTI/EXEC without rollback
 * — to neither, which is why components/state/redis says it is not for the ledger. The results go to the report.
 */
class LedgerStoresIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final String STORE = "ledger-store";
    private static final StateOptions FIRST_WRITE =
            new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);

    /** What the store did. */
    record Behaviour(boolean staleEtagRejected, boolean staleTransactionLeftWrites, boolean secondFirstWriteRejected,
            String firstWriteKeyHolds) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StateStore.class)
    void aFailedStateTransactionLeavesNothingAndAFirstWriteKeyIsWrittenOnce(StateStore kind) throws Exception {
        Behaviour behaviour;
        try (StateStore.Running store = kind.start(LOGS);
             DaprSidecar sidecar = new DaprSidecar(EventSourcedLedgerApplication.APP_ID, null,
                     List.of(Repo.components("in-memory"), kind.folder()), Map.of("LEDGER_STORE", store.address()), LOGS).start();
             DaprClient client = HostedDaprAgent.publisherClient(sidecar)) {
            behaviour = probe(client);
        }
        ScenarioResult.of("ledger-store", "dapr-" + kind.name().toLowerCase(Locale.ROOT), "in-memory")
                .passed(behaviour.staleEtagRejected() && !behaviour.staleTransactionLeftWrites()
                        && behaviour.secondFirstWriteRejected() && behaviour.firstWriteKeyHolds().equals("first"))
                .details(behaviour).build().write(ScenarioResult.SUITE_RESULTS);

        assertThat(behaviour.staleEtagRejected()).as("a stale ETag fails the transaction").isTrue();
        if (kind == StateStore.REDIS) {
            // measured, and documented in components/state/redis: no rollback, no first-write in a transaction
            assertThat(behaviour).isEqualTo(new Behaviour(true, true, false, "second"));
        } else {
            assertThat(behaviour).isEqualTo(new Behaviour(true, false, true, "first"));
        }
    }

    /** The ledger's two writes in miniature: the head with the ETag read, a key written once. */
    private static Behaviour probe(DaprClient client) {
        client.saveState(STORE, "head-probe", null, bytes("v1"), null).block();
        State<byte[]> read = client.getState(STORE, "head-probe", byte[].class).block();
        client.saveState(STORE, "head-probe", read.getEtag(), bytes("v2"), null).block(); // another writer was first

        Throwable stale = catchThrowable(() -> client.executeStateTransaction(STORE, List.of(
                upsert("event-probe-2", "the loser's event", null),
                upsert("head-probe", "v2 from the loser", read.getEtag()))).block());
        boolean leftWrites = value(client, "event-probe-2") != null;

        client.executeStateTransaction(STORE, List.of(upsert("cmd-probe", "first", null))).block();
        Throwable second = catchThrowable(() -> client.executeStateTransaction(STORE, List.of(
                upsert("cmd-probe", "second", null))).block());
        return new Behaviour(stale != null, leftWrites, second != null, value(client, "cmd-probe"));
    }

    private static TransactionalStateOperation<byte[]> upsert(String key, String value, String etag) {
        return new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.UPSERT,
                new State<>(key, bytes(value), etag, FIRST_WRITE));
    }

    private static String value(DaprClient client, String key) {
        State<byte[]> state = client.getState(STORE, key, byte[].class).block();
        return state == null || state.getValue() == null || state.getValue().length == 0 ? null
                : EventJson.fromBytes(state.getValue(), String.class);
    }

    /** A JSON string, as the ledger's values are JSON (PostgreSQL keeps them as jsonb). */
    private static byte[] bytes(String value) {
        return EventJson.toBytes(value);
    }
}
