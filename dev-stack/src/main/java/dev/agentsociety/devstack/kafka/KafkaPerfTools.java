package dev.agentsociety.devstack.kafka;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools from {@code kafka-tools}, the programs behind {@code kafka-producer-perf-test.sh}
 * and {@code kafka-consumer-perf-test.sh}, each run in a child JVM against any cluster; their summary lines are
 * parsed into records. The ceiling the agents' paths are measured against.
 */
public final class KafkaPerfTools {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** "20000 records sent, 51813.5 records/sec (4.94 MB/sec), 120.34 ms avg latency, 380.00 ms max latency, 110 ms 50th, 300 ms 95th, 350 ms 99th, 378 ms 99.9th." */
    private static final Pattern PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private static final Pattern CONSUMER_VALUES = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d [\\d:]+, \\d{4}-.*$");

    private KafkaPerfTools() {
    }

    /** What ProducerPerformance reports for the whole run; latency is send to acknowledgement, in ms. */
    public record ProducerRun(long records, double recordsPerSec, double mbPerSec, double avgMs, double maxMs,
            long p50Ms, long p95Ms, long p99Ms) {
    }

    /** What ConsumerPerformance reports; {@code fetchRecordsPerSec} leaves out the group join. */
    public record ConsumerRun(long records, double recordsPerSec, double fetchRecordsPerSec, double fetchMbPerSec) {
    }

    /**
     * {@code ProducerPerformance --topic T --num-records N --record-size S --throughput R --producer-props ...}
     *
     * @param perSecond a fixed rate, or -1 for as fast as it goes
     * @param producer  producer settings beyond bootstrap.servers (acks, linger.ms, ...)
     */
    public static ProducerRun produce(String bootstrapServers, String topic, long records, int recordSize, int perSecond,
            Properties producer, Path logDir) {
        List<String> props = new ArrayList<>(List.of("bootstrap.servers=" + bootstrapServers));
        producer.stringPropertyNames().stream().sorted().forEach(name -> props.add(name + "=" + producer.getProperty(name)));
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", Integer.toString(perSecond), "--producer-props"));
        args.addAll(props);
        return parseProducer(run("producer-perf", "org.apache.kafka.tools.ProducerPerformance", args, logDir));
    }

    static ProducerRun parseProducer(String output) {
        Matcher summary = lastMatch(PRODUCER_SUMMARY, output);
        if (summary == null) {
            throw new DevStackException("ProducerPerformance printed no summary:\n" + tail(output));
        }
        return new ProducerRun(Long.parseLong(summary.group(1)), Double.parseDouble(summary.group(2)),
                Double.parseDouble(summary.group(3)), Double.parseDouble(summary.group(4)), Double.parseDouble(summary.group(5)),
                Long.parseLong(summary.group(6)), Long.parseLong(summary.group(7)), Long.parseLong(summary.group(8)));
    }

    /** {@code ConsumerPerformance --topic T --messages N} in a new group, from the oldest record. */
    public static ConsumerRun consume(String bootstrapServers, String topic, long records, Path logDir) {
        return parseConsumer(run("consumer-perf", "org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", bootstrapServers, "--topic", topic, "--messages", Long.toString(records),
                "--group", "perf-consumer-" + System.nanoTime(), "--timeout", "30000"), logDir));
    }

    static ConsumerRun parseConsumer(String output) {
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
        // fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec (the tool's log lines interleave, so the values line is matched)
        Matcher values = lastMatch(CONSUMER_VALUES, output);
        if (values != null) {
            String[] v = values.group().split(",\\s*");
            return new ConsumerRun(Long.parseLong(v[4]), Double.parseDouble(v[5]), Double.parseDouble(v[9]), Double.parseDouble(v[8]));
        }
        throw new DevStackException("ConsumerPerformance printed no result:\n" + tail(output));
    }

    private static String run(String name, String mainClass, List<String> args, Path logDir) {
        Path log = logDir.resolve(name + "-" + System.nanoTime() + ".log");
        try (ChildProcess tool = ChildProcess.start(name, EmbeddedKafkaCluster.javaCommand(
                EmbeddedKafkaCluster.brokerClasspath(), mainClass, args.toArray(String[]::new)), Map.of(), logDir, log)) {
            if (!tool.awaitExit(TIMEOUT)) {
                throw new DevStackException(name + " did not finish within " + TIMEOUT.toMinutes() + " min; log " + log);
            }
            String output = tool.tail(10_000);
            if (tool.exitCode() != 0) {
                throw new DevStackException(name + " failed (exit " + tool.exitCode() + "):\n" + tail(output));
            }
            return output;
        }
    }

    private static Matcher lastMatch(Pattern pattern, String output) {
        Matcher last = null;
        for (String line : output.lines().toList()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                last = matcher;
            }
        }
        return last;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
