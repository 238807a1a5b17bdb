package dev.agentsociety.comparison.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How cost grows with the work: the steps {@code ./benchmark} measures, one dimension grown at a time from the base —
 * the first of each option's values — rather than their cross product. First every payload size at the base
 * partitions and instances (what {@code ./benchmark} always measured), then each further instance count at the base
 * partitions and payload, then each further partition count at the base instances and payload. Steps that share
 * partitions and instances follow each other, so their handlers are started once; the instance counts follow the
 * base, so their handlers are the base's and more.
 */
record Sweep(List<Integer> partitions, List<Integer> instances, List<Integer> payloadBytes) {

    /** One measured combination. */
    record Step(int partitions, int instances, int payloadBytes) {
        BenchRig.Setup setup() {
            return new BenchRig.Setup(partitions, instances);
        }
    }

    Sweep {
        partitions = List.copyOf(new LinkedHashSet<>(partitions));
        instances = List.copyOf(new LinkedHashSet<>(instances));
        payloadBytes = List.copyOf(new LinkedHashSet<>(payloadBytes));
        if (partitions.isEmpty() || instances.isEmpty() || payloadBytes.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one value of each dimension");
        }
    }

    Step base() {
        return new Step(partitions.get(0), instances.get(0), payloadBytes.get(0));
    }

    List<Step> steps() {
        Step base = base();
        Set<Step> steps = new LinkedHashSet<>();
        payloadBytes.forEach(size -> steps.add(new Step(base.partitions(), base.instances(), size)));
        instances.forEach(count -> steps.add(new Step(base.partitions(), count, base.payloadBytes())));
        partitions.forEach(count -> steps.add(new Step(count, base.instances(), base.payloadBytes())));
        return new ArrayList<>(steps);
    }

    /** Instance counts above a partition count they run at: the surplus instances get no partition and idle. */
    List<String> idleInstances() {
        List<String> idle = new ArrayList<>();
        steps().stream().filter(step -> step.instances() > step.partitions()).forEach(step -> idle.add(step.instances()
                + " instances on " + step.partitions() + " partitions: " + (step.instances() - step.partitions()) + " idle"));
        return idle;
    }
}
