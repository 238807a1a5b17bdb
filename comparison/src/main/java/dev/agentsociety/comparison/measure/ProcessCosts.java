package dev.agentsociety.comparison.measure;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.ProcessUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * What every process spent over a scenario's measured phase: each child (agent JVMs, sidecars, brokers) and this
 * JVM. A child stopped during the phase counts until it was told to stop; one started during it counts from its
 * start — scaling out costs its start-up.
 */
public final class ProcessCosts {

    private static final String RUNNER = "runner (this JVM)";

    private final List<ProcessUsage> atStart;
    private final int stoppedMark;
    private List<ProcessUsage> atEnd;

    private ProcessCosts(List<ProcessUsage> atStart, int stoppedMark) {
        this.atStart = atStart;
        this.stoppedMark = stoppedMark;
    }

    public static ProcessCosts start() {
        return new ProcessCosts(runningNow(), ChildProcess.stoppedMark());
    }

    /** Ends the phase. */
    public void end() {
        atEnd = new ArrayList<>(ChildProcess.stoppedSince(stoppedMark).stream().map(ProcessCosts::withRole).toList());
        atEnd.addAll(runningNow());
    }

    private static List<ProcessUsage> runningNow() {
        List<ProcessUsage> now = new ArrayList<>(ChildProcess.runningUsage().stream().map(ProcessCosts::withRole).toList());
        now.add(ProcessUsage.of(RUNNER, ProcessHandle.current()));
        return now;
    }

    /** Roles as the report groups them: {@code <agent> app}, {@code <agent> daprd}, {@code kafka-N}. */
    private static ProcessUsage withRole(ProcessUsage child) {
        String name = child.role();
        String role = name.startsWith("daprd-") ? name.substring("daprd-".length()) + " daprd"
                : name.startsWith("kafka") || name.startsWith("dapr") || name.startsWith("redis") ? name : name + " app";
        return new ProcessUsage(role, child.pid(), child.cpuSeconds(), child.peakRssKb());
    }

    /** The result's {@code processes}: what each process spent between {@link #start()} and {@link #end()}. */
    public ScenarioResult into(ScenarioResult result) {
        return result.processes(atStart, atEnd);
    }
}
