package dev.agentsociety.comparison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentsociety.domain.bench.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** At a fixed rate, a probe is timed from when the schedule had it due, not from when a slow publisher let it go. */
class BenchmarkRunTest {

    @Test
    void aProbeHeldBackBySlowPublishCallCountsItsWait() {
        List<Probe> published = new CopyOnWriteArrayList<>();
        AtomicBoolean first = new AtomicBoolean(true);
        // the first publish call takes 300 ms: the nine probes due meanwhile wait behind it
        BenchRig.Sender slowFirst = probes -> {
            if (first.getAndSet(false)) {
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // the call's own slowness, not a wait for the test
            }
            published.addAll(probes);
            return CompletableFuture.completedFuture(null);
        };

        BenchmarkRun.Published run = BenchmarkRun.publish(slowFirst, "co", 100, 10, 1, 100, 10, sent -> { });

        assertThat(published).hasSize(10);
        for (Probe probe : published) {
            // due every 10 ms from the first: the stamp the handler measures its latency from
            assertThat((double) probe.sentAtMicros() - run.firstMicros()).as("probe %d", probe.seq())
                    .isCloseTo(probe.seq() * 10_000.0, within(2_000.0));
        }
        // the second probe was due at 10 ms and acknowledged after the first call's 300 ms
        assertThat(run.acks().summary().max()).as("acknowledgement timed from when it was due").isGreaterThan(280);
        assertThat(run.failures()).isZero();
    }

    @Test
    void asFastAsItGoesAProbeIsTimedFromItsSend() {
        List<Probe> published = new CopyOnWriteArrayList<>();
        BenchRig.Sender sender = probes -> {
            published.addAll(probes);
            return CompletableFuture.completedFuture(null);
        };
        long before = Probe.nowMicros();

        BenchmarkRun.publish(sender, "max", 100, 50, 10, 0, 100, sent -> { });

        assertThat(published).hasSize(50).allSatisfy(probe -> assertThat(probe.sentAtMicros())
                .isBetween(before, Probe.nowMicros()));
        assertThat(published).extracting(Probe::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 50).boxed().toList());
    }
}
