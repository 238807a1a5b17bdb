package dev.agentsociety.comparison.measure;

import dev.agentsociety.comparison.measure.ScenarioResult.ProcessCost;
import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.ProcessUsage;
import dev.agentsociety.devstack.broker.LoopbackServer;
import java.util.ArrayList;
import java.util.List;

/**
 * What every process spent over a scenario's measured phase: each child (agent JVMs, sidecars, brokers) and this
 * JVM. A child stopped during the phase counts until it was told to stop; one started during it counts from its
 * start — scaling out costs its start-up. The one way the comparison and the benchmark take process costs.
 */
public final class ProcessCosts {

    private static final String RUNNER = "runner (this JVM)";

    private final List<ProcessUsage> atStart;
    private final int stoppedMark;
    private List<ProcessCost> spent;

    private ProcessCosts(List<ProcessUsage> atStart, int stoppedMark) {
        this.atStart = atStart;
        this.stoppedMark = stoppedMark;
    }

    public static ProcessCosts start() {
        return new ProcessCosts(runningNow(), ChildProcess.stoppedMark());
    }

    /** Ends the phase: what each process spent since {@link #start()} (matched by pid), as results.json's {@code processes}. */
    public List<ProcessCost> end() {
        List<ProcessUsage> atEnd = new ArrayList<>(ChildProcess.stoppedSince(stoppedMark).stream().map(ProcessCosts::withRole).toList());
        atEnd.addAll(runningNow());
        spent = atEnd.stream().map(now -> {
            ProcessUsage used = atStart.stream().filter(s -> s.pid() == now.pid()).findFirst().map(now::since).orElse(now);
            return new ProcessCost(used.role(), Math.round(used.cpuSeconds() * 100) / 100.0,
                    used.peakRssKb() < 0 ? -1 : Math.round(used.peakRssKb() / 102.4) / 10.0);
        }).toList();
        return spent;
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
                : name.startsWith("kafka") || name.startsWith("dapr") || name.startsWith("redis")
                        || name.startsWith(LoopbackServer.BROKER_PREFIX) ? name : name + " app";
        return new ProcessUsage(role, child.pid(), child.cpuSeconds(), child.peakRssKb());
    }

    /** The result's {@code processes}: what each process spent between {@link #start()} and {@link #end()}. */
    public ScenarioResult.Builder into(ScenarioResult.Builder result) {
        if (spent == null) {
            throw new IllegalStateException("the phase has not ended");
        }
        return result.processes(spent);
    }
}
