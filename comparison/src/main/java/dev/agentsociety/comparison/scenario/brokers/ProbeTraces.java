package dev.agentsociety.comparison.scenario.brokers;

import dev.agentsociety.comparison.measure.Latencies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What broker-probe instances wrote to their trace files ({@code <app-id>-<instance>.trace}, one line per delivery),
 * read by the harness: the app's memory dies with a SIGKILL, the file does not. Every figure of the matrix is
 * computed here from these lines and what the publisher was told was published — never from the app's own counts.
 */
final class ProbeTraces {

    /** One delivery of a probe to one instance, wall-clock microseconds. */
    record Handled(String instance, String run, long seq, long sentAtMicros, long atMicros) {
    }

    /** A dead letter read back by one instance; {@code reason} null when it came without one. */
    record DeadLetter(String instance, long atMicros, int bytes, String reason) {
    }

    private final List<Handled> handled;
    private final List<DeadLetter> deadLetters;

    private ProbeTraces(List<Handled> handled, List<DeadLetter> deadLetters) {
        this.handled = handled;
        this.deadLetters = deadLetters;
    }

    /** Every trace in {@code dir} of the instances of {@code appId}. */
    static ProbeTraces read(Path dir, String appId) {
        List<Handled> handled = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new ProbeTraces(handled, deadLetters);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(appId + "-\\d+\\.trace")).sorted().toList()) {
                String instance = file.getFileName().toString().replace(".trace", "");
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(" ", 5);
                    if (f[0].equals("H") && f.length == 5) {
                        handled.add(new Handled(instance, f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
                    } else if (f[0].equals("D") && f.length >= 4) {
                        String reason = line.split(" ", 4)[3];
                        deadLetters.add(new DeadLetter(instance, Long.parseLong(f[1]), Integer.parseInt(f[2]),
                                reason.equals("-") ? null : reason));
                    }
                    // a line cut by a SIGKILL mid-write is not a delivery the app acknowledged: skipped
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the traces in " + dir, e);
        }
        return new ProbeTraces(handled, deadLetters);
    }

    /** The distinct probes of {@code run} handled, by any instance. */
    Set<Long> distinct(String run) {
        Set<Long> seqs = new HashSet<>();
        handled.stream().filter(h -> h.run().equals(run)).forEach(h -> seqs.add(h.seq()));
        return seqs;
    }

    /** Deliveries of {@code run} beyond the first of each probe. */
    long duplicates(String run) {
        return handled.stream().filter(h -> h.run().equals(run)).count() - distinct(run).size();
    }

    /** The distinct probes of {@code run} each instance handled, by instance. */
    Map<String, Set<Long>> byInstance(String run) {
        Map<String, Set<Long>> by = new LinkedHashMap<>();
        handled.stream().filter(h -> h.run().equals(run))
                .forEach(h -> by.computeIfAbsent(h.instance(), i -> new HashSet<>()).add(h.seq()));
        return by;
    }

    /**
     * First deliveries of probes below {@code belowSeq} that came after a later probe of the same key (key = seq mod
     * {@code keys}, as published), in the order the instances handled them.
     */
    long orderViolations(String run, int keys, long belowSeq) {
        Map<Long, Long> highest = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        long violations = 0;
        for (Handled h : handled.stream().filter(h -> h.run().equals(run) && h.seq() < belowSeq)
                .sorted(Comparator.comparingLong(Handled::atMicros)).toList()) {
            if (!seen.add(h.seq())) {
                continue; // a redelivery, counted as a duplicate
            }
            long key = h.seq() % keys;
            Long before = highest.get(key);
            if (before != null && before > h.seq()) {
                violations++;
            } else {
                highest.put(key, h.seq());
            }
        }
        return violations;
    }

    /** Each probe's first delivery, from when it was due by the schedule. */
    Latencies latencies(String run) {
        Map<Long, Long> first = new HashMap<>();
        Map<Long, Long> sent = new HashMap<>();
        handled.stream().filter(h -> h.run().equals(run)).forEach(h -> {
            first.merge(h.seq(), h.atMicros(), Math::min);
            sent.put(h.seq(), h.sentAtMicros());
        });
        Latencies latencies = new Latencies();
        first.forEach((seq, at) -> latencies.record(Duration.ofNanos(Math.max(0, at - sent.get(seq)) * 1_000)));
        return latencies;
    }

    /** When the last first-delivery of {@code run} happened (wall-clock µs), 0 for none. */
    long lastFirstDeliveryMicros(String run) {
        Map<Long, Long> first = new HashMap<>();
        handled.stream().filter(h -> h.run().equals(run)).forEach(h -> first.merge(h.seq(), h.atMicros(), Math::min));
        return first.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }
}
