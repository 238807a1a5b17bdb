package dev.agentsociety.domain.agents;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The requester's side of request-reply over pub/sub: a future per request, keyed by correlationId, completed by
 * the matching reply or failed by its timeout. Replies that match nothing waiting are told apart and counted —
 * a duplicate of one already matched, a late one whose request timed out, an unknown one never asked for — and
 * otherwise ignored: at-least-once delivery makes all three normal.
 */
public final class PendingReplies<R> {

    public enum Outcome { MATCHED, DUPLICATE, LATE, UNKNOWN }

    private static final int REMEMBERED = 100_000;

    private final Map<String, CompletableFuture<R>> waiting = new ConcurrentHashMap<>();
    private final Set<String> answered = boundedSet();
    private final Set<String> expired = boundedSet();
    private final Map<Outcome, Long> counts = Collections.synchronizedMap(new EnumMap<>(Outcome.class));

    /** Starts waiting for the reply to {@code correlationId}; the future fails with a TimeoutException after {@code timeout}. */
    public CompletableFuture<R> expect(String correlationId, Duration timeout) {
        CompletableFuture<R> future = new CompletableFuture<>();
        if (waiting.putIfAbsent(correlationId, future) != null) {
            throw new IllegalArgumentException("already waiting for " + correlationId);
        }
        future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((reply, failure) -> {
            if (waiting.remove(correlationId, future) && failure != null) {
                expired.add(correlationId);
            }
        });
        return future;
    }

    /** Hands a reply to whoever waits for it, and says what it was. */
    public synchronized Outcome accept(String correlationId, R reply) {
        CompletableFuture<R> future = waiting.get(correlationId);
        Outcome outcome;
        if (future != null && !future.isDone()) {
            // the books first, then the waiter: whatever the answer wakes finds it counted and no longer in flight
            waiting.remove(correlationId, future);
            answered.add(correlationId);
            counts.merge(Outcome.MATCHED, 1L, Long::sum);
            if (future.complete(reply)) {
                return Outcome.MATCHED;
            }
            // the timeout fired between the look and the completion: the reply is late after all
            answered.remove(correlationId);
            counts.merge(Outcome.MATCHED, -1L, Long::sum);
            expired.add(correlationId);
            outcome = Outcome.LATE;
        } else if (future != null && future.isCompletedExceptionally() || expired.contains(correlationId)) {
            outcome = Outcome.LATE;
        } else if (future != null || answered.contains(correlationId)) {
            outcome = Outcome.DUPLICATE;
        } else {
            outcome = Outcome.UNKNOWN;
        }
        counts.merge(outcome, 1L, Long::sum);
        return outcome;
    }

    public int inFlight() {
        return waiting.size();
    }

    public long count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    /** Replies by outcome, in the enum's order, and the requests still waiting ({@code inFlight}): what a requester reports. */
    public Map<String, Long> outcomes() {
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            byOutcome.put(outcome.name(), count(outcome));
        }
        byOutcome.put("inFlight", (long) inFlight());
        return byOutcome;
    }

    private static Set<String> boundedSet() {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        }));
    }
}
