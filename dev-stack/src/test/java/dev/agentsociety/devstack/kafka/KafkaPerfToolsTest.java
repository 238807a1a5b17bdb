package dev.agentsociety.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.devstack.DevStackException;
import org.junit.jupiter.api.Test;

/** The summary lines of Kafka 4.1's perf tools, as they print them (log lines interleaved). */
class KafkaPerfToolsTest {

    @Test
    void readsProducerPerformancesSummaryNotItsProgressLines() {
        KafkaPerfTools.ProducerRun run = KafkaPerfTools.parseProducer("""
                [main] INFO org.apache.kafka.clients.producer.KafkaProducer - [Producer clientId=perf-producer-client] ...
                9961 records sent, 1991.8 records/sec (0.19 MB/sec), 3.1 ms avg latency, 120.0 ms max latency.
                20000 records sent, 5509.6 records/sec (0.53 MB/sec), 68.76 ms avg latency, 309.00 ms max latency, 67 ms 50th, 80 ms 95th, 85 ms 99th, 86 ms 99.9th.
                """);
        assertThat(run).isEqualTo(new KafkaPerfTools.ProducerRun(20000, 5509.6, 0.53, 68.76, 309.0, 67, 80, 85));
    }

    @Test
    void readsConsumerPerformancesValuesLine() {
        KafkaPerfTools.ConsumerRun run = KafkaPerfTools.parseConsumer("""
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                \tallow.auto.create.topics = true
                [main] INFO org.apache.kafka.common.metrics.Metrics - Metrics reporters closed
                2026-11-27 16:11:09:715, 2026-11-27 16:11:10:101, 0.1907, 0.4941, 2000, 5181.3472, 315, 71, 2.6864, 28169.0141
                """);
        assertThat(run).isEqualTo(new KafkaPerfTools.ConsumerRun(2000, 5181.3472, 28169.0141, 2.6864));
    }

    @Test
    void saysSoWhenAToolPrintedNoResult() {
        assertThatThrownBy(() -> KafkaPerfTools.parseConsumer("Exception in thread main ...\n"))
                .isInstanceOf(DevStackException.class).hasMessageContaining("ConsumerPerformance printed no result");
    }
}
