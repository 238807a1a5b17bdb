package dev.agentsociety.domain.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * A batch of credit checks, all wanted at once — how S3 is exercised in both variants and both styles:
 * <ul>
 * <li>{@link #run} (asynchronous, over pub/sub): the transport supplies {@code ask(customerId, plan)}, which
 * returns at once with a future; every request is in flight together and the answers come when they come;</li>
 * <li>{@link #runBlocking} (the synchronous baseline, HTTP or Dapr service invocation): the transport supplies a
 * blocking {@code call}; a fixed number of caller threads make the calls, the rest wait for a free caller.</li>
 * </ul>
 * Each request's latency runs from the moment the batch wants it (all at the start) to its answer.
 */
public final class CreditChecks {

    /**
     * What a batch came to: requests sent, answered, failed (timeout or error), the most in flight at once, the
     * batch's duration, each answered request's latency in microseconds, and why the first failed request failed.
     */
    public record Summary(int requested, int answered, int timedOut, int peakInFlight, long elapsedMicros,
            List<Long> latenciesMicros, String firstFailure) {
    }

    private CreditChecks() {
    }

    public static Summary run(int count, BiFunction<String, String, CompletableFuture<?>> ask, IntSupplier inFlight) {
        long start = System.nanoTime();
        List<Long> latencies = new ArrayList<>();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        int peak = 0;
        for (int i = 0; i < count; i++) {
            answers.add(timed(ask.apply(customer(i), plan(i)), start, latencies));
            peak = Math.max(peak, inFlight.getAsInt());
        }
        return summarise(start, answers, latencies, peak);
    }

    public static Summary runBlocking(int count, BiFunction<String, String, ?> call, int callers) {
        ExecutorService callerThreads = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            List<Long> latencies = new ArrayList<>();
            List<CompletableFuture<?>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int request = i;
                answers.add(timed(CompletableFuture.supplyAsync(() -> call.apply(customer(request), plan(request)), callerThreads),
                        start, latencies));
            }
            return summarise(start, answers, latencies, Math.min(count, callers));
        } finally {
            callerThreads.shutdownNow();
        }
    }

    /** The answer, with its latency noted the moment it comes (not when the batch gets round to looking). */
    private static CompletableFuture<?> timed(CompletableFuture<?> answer, long start, List<Long> latencies) {
        return answer.thenRun(() -> {
            long micros = (System.nanoTime() - start) / 1_000;
            synchronized (latencies) {
                latencies.add(micros);
            }
        });
    }

    private static Summary summarise(long start, List<CompletableFuture<?>> answers, List<Long> latencies, int peak) {
        int answered = 0;
        int failed = 0;
        String firstFailure = null;
        for (CompletableFuture<?> answer : answers) {
            try {
                answer.join();
                answered++;
            } catch (RuntimeException timeoutOrFailure) {
                failed++;
                if (firstFailure == null) {
                    Throwable cause = timeoutOrFailure.getCause() == null ? timeoutOrFailure : timeoutOrFailure.getCause();
                    firstFailure = cause.toString();
                }
            }
        }
        synchronized (latencies) {
            return new Summary(answers.size(), answered, failed, peak, (System.nanoTime() - start) / 1_000,
                    List.copyOf(latencies), firstFailure);
        }
    }

    private static String customer(int i) {
        return "cust-" + (i % 20);
    }

    private static String plan(int i) {
        return i % 3 == 0 ? "premium" : "basic";
    }
}
