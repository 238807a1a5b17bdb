package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentsociety.domain.agents.PendingReplies;
import dev.agentsociety.domain.agents.PendingReplies.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {

    private final PendingReplies<String> pending = new PendingReplies<>();

    @Test
    void aReplyCompletesTheRequestWaitingForIt() throws Exception {
        CompletableFuture<String> a = pending.expect("a", Duration.ofSeconds(10));
        CompletableFuture<String> b = pending.expect("b", Duration.ofSeconds(10));

        assertThat(pending.accept("b", "reply-b")).isEqualTo(Outcome.MATCHED);

        assertThat(b.get()).isEqualTo("reply-b");
        assertThat(a).isNotDone();
        assertThat(pending.inFlight()).isEqualTo(1);
    }

    @Test
    void duplicateLateAndUnknownRepliesAreToldApartAndChangeNothing() {
        CompletableFuture<String> a = pending.expect("a", Duration.ofSeconds(10));
        CompletableFuture<String> slow = pending.expect("slow", Duration.ofMillis(50));
        pending.accept("a", "first");

        assertThat(pending.accept("a", "again")).isEqualTo(Outcome.DUPLICATE);
        assertThat(a.join()).isEqualTo("first");

        await().atMost(Duration.ofSeconds(5)).until(slow::isDone);
        assertThatThrownBy(slow::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(pending.accept("slow", "too late")).isEqualTo(Outcome.LATE);

        assertThat(pending.accept("never-asked", "?")).isEqualTo(Outcome.UNKNOWN);
        assertThat(pending.count(Outcome.MATCHED)).isEqualTo(1);
        assertThat(pending.count(Outcome.DUPLICATE)).isEqualTo(1);
        assertThat(pending.count(Outcome.LATE)).isEqualTo(1);
        assertThat(pending.count(Outcome.UNKNOWN)).isEqualTo(1);
        assertThat(pending.inFlight()).isZero();
    }

    @Test
    void whatTheAnswerWakesFindsItCountedAndNoLongerInFlight() {
        PendingReplies<String> pending = new PendingReplies<>();
        long[] seen = new long[2];
        pending.expect("a", Duration.ofSeconds(10)).thenRun(() -> {
            seen[0] = pending.count(Outcome.MATCHED);
            seen[1] = pending.inFlight();
        });

        pending.accept("a", "reply");

        assertThat(seen).containsExactly(1, 0);
    }

    @Test
    void aCorrelationIdIsAwaitedOnce() {
        pending.expect("a", Duration.ofSeconds(10));
        assertThatThrownBy(() -> pending.expect("a", Duration.ofSeconds(10))).hasMessageContaining("already waiting for a");
    }
}
