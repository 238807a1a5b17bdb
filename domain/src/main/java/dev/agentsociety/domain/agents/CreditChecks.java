package dev.agentsociety.domain.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * A batch of credit checks with all requests in flight at once — how S3 is exercised in both variants: the
 * transport supplies {@code ask(customerId, plan)}, this sends them all, then waits for every answer or timeout.
 */
public final class CreditChecks {

    /** What a batch came to: requests sent, answered, and failed by their timeout. */
    public record Summary(int requested, int answered, int timedOut, int peakInFlight) {
    }

    private CreditChecks() {
    }

    public static Summary run(int count, BiFunction<String, String, CompletableFuture<?>> ask,
            IntSupplier inFlight) {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        int peak = 0;
        for (int i = 0; i < count; i++) {
            answers.add(ask.apply("cust-" + (i % 20), i % 3 == 0 ? "premium" : "basic"));
            peak = Math.max(peak, inFlight.getAsInt());
        }
        int answered = 0;
        int timedOut = 0;
        for (CompletableFuture<?> answer : answers) {
            try {
                answer.join();
                answered++;
            } catch (RuntimeException timeoutOrFailure) {
                timedOut++;
            }
        }
        return new Summary(count, answered, timedOut, peak);
    }
}
