package dev.agentsociety.domain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.domain.EventJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSinkTest {

    @Test
    void aProbeIsPaddedToThePayloadSize() {
        assertThat(EventJson.toBytes(Probe.of("run-1", 7, 100))).hasSize(100);
        assertThat(EventJson.toBytes(Probe.of("run-1", 7, 1024))).hasSize(1024);
        assertThat(Probe.of("run-1", 7, 10).padding()).isEmpty(); // cannot be shorter than its fields
        Probe probe = Probe.of("run-1", 7, 100);
        assertThat(EventJson.fromBytes(EventJson.toBytes(probe), Probe.class)).isEqualTo(probe);
    }

    @Test
    void countsEachRunApartAndNoticesDuplicates() {
        ProbeSink sink = new ProbeSink();
        Probe first = Probe.of("a", 0, 100);
        sink.handle(first);
        sink.handle(Probe.of("a", 1, 100));
        sink.handle(first);
        sink.handle(Probe.of("b", 0, 100));

        ProbeSink.Stats a = sink.stats("a");
        assertThat(a.handled()).isEqualTo(2);
        assertThat(a.duplicates()).isEqualTo(1);
        assertThat(a.lastHandledMicros()).isGreaterThanOrEqualTo(a.firstHandledMicros()).isPositive();
        assertThat(a.maxMicros()).isGreaterThanOrEqualTo(a.p50Micros());
        assertThat(sink.stats("b").handled()).isEqualTo(1);
        assertThat(sink.stats("never").handled()).isZero();
    }

    @Test
    void latencyRunsFromTheProbesSendTime() {
        ProbeSink sink = new ProbeSink();
        Probe old = Probe.of("late", 0, 100);
        Probe sentTwoSecondsAgo = new Probe("late", 0, old.sentAtMicros() - 2_000_000, "");
        sink.handle(sentTwoSecondsAgo);
        assertThat(sink.stats("late").p50Micros()).isBetween(2_000_000L, 2_100_000L);
    }

    @Test
    void instancesTalliesMergeIntoOneRun() {
        ProbeSink one = new ProbeSink();
        ProbeSink two = new ProbeSink();
        ProbeSink idle = new ProbeSink();
        long now = Probe.nowMicros();
        for (int seq = 0; seq < 100; seq++) {
            // probes 0..49 took 10 ms to instance one, 50..99 took 2 s to instance two; 40 went to both (a rebalance)
            Probe probe = new Probe("r", seq, now - (seq < 50 ? 10_000 : 2_000_000), "");
            (seq < 50 ? one : two).handle(probe);
            if (seq >= 10 && seq < 50) {
                two.handle(probe);
            }
        }
        one.handle(new Probe("r", 0, now, "")); // and once twice to one instance

        // as it crosses from an instance to the benchmark
        List<ProbeSink.Tally> tallies = List.of(one, two, idle).stream()
                .map(sink -> EventJson.fromBytes(EventJson.toBytes(sink.tally("r")), ProbeSink.Tally.class)).toList();
        ProbeSink.Stats merged = ProbeSink.merge("r", tallies);

        assertThat(merged.handled()).isEqualTo(100);
        assertThat(merged.duplicates()).isEqualTo(41);
        assertThat(merged.firstHandledMicros()).isEqualTo(Math.min(one.stats("r").firstHandledMicros(), two.stats("r").firstHandledMicros()));
        assertThat(merged.lastHandledMicros()).isEqualTo(Math.max(one.stats("r").lastHandledMicros(), two.stats("r").lastHandledMicros()));
        // every first handling per instance is timed: 90 near 10 ms (the 40 twice), 50 near 2 s
        assertThat(merged.p50Micros()).isBetween(10_000L, 1_000_000L);
        assertThat(merged.p95Micros()).isBetween(2_000_000L, 2_500_000L);
        assertThat(ProbeSink.merge("r", List.of(idle.tally("r"))).handled()).isZero();
    }
}
