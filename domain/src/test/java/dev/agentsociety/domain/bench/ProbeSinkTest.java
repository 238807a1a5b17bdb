package dev.agentsociety.domain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.domain.EventJson;
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
}
