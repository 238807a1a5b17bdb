package dev.agentsociety.agents.eventledger;

import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.History;
import dev.agentsociety.domain.ledger.LedgerEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Dapr variant's ledger queries, answered from the state store: an account now ({@code GET /accounts/{id}}),
 * as of a time ({@code ?asOf=2026-11-27T09:00:00Z}) or at a version ({@code ?atVersion=N}), and why an event
 * happened ({@code GET /accounts/{id}/why/{eventId}}, plain text, oldest first). The direct variant's are
 * {@code ./ledger state} and {@code ./ledger why}.
 */
@RestController
class LedgerQueries {

    private final DaprLedgerStore store;

    LedgerQueries(DaprLedgerStore store) {
        this.store = store;
    }

    @GetMapping("/accounts/{accountId}")
    public Account state(@PathVariable String accountId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
            @RequestParam(required = false) Long atVersion) {
        DaprLedgerStore.Head head = store.head(accountId);
        if (asOf == null && atVersion == null) {
            return head.account();
        }
        History history = new History(accountId, store.events(accountId, 1, head.account().version()));
        return asOf != null ? history.asOf(asOf) : history.atVersion(atVersion);
    }

    @GetMapping(value = "/accounts/{accountId}/why/{eventId}", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> why(@PathVariable String accountId, @PathVariable String eventId) {
        List<LedgerEvent> events = store.events(accountId, 1, store.head(accountId).account().version());
        if (events.stream().noneMatch(e -> e.eventId().equals(eventId))) {
            return ResponseEntity.status(404).body("no event " + eventId + " in " + accountId + "'s " + events.size() + " events\n");
        }
        Map<String, String> asked = new HashMap<>();
        events.stream().map(LedgerEvent::causationId).distinct()
                .forEach(id -> store.answer(id).ifPresent(answer -> asked.put(id, answer.asked())));
        return ResponseEntity.ok(String.join("\n", new History(accountId, events).why(eventId, asked)) + "\n");
    }
}
