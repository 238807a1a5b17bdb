package dev.agentsociety.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one process of a run cost: CPU seconds (user + system, from the JDK's process info) and peak resident
 * memory ({@code VmHWM} in {@code /proc/<pid>/status}, Linux only; -1 elsewhere).
 */
public record ProcessUsage(String role, long pid, double cpuSeconds, long peakRssKb) {

    /** The usage so far of a live process; CPU 0 when the JDK cannot tell. */
    public static ProcessUsage of(String role, ProcessHandle process) {
        double cpu = process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
        return new ProcessUsage(role, process.pid(), cpu, peakRssKb(process.pid()));
    }

    /** This usage minus an earlier snapshot of the same process: the CPU spent in between, the peak so far. */
    public ProcessUsage since(ProcessUsage earlier) {
        return new ProcessUsage(role, pid, Math.max(0, cpuSeconds - earlier.cpuSeconds), peakRssKb);
    }

    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException notLinuxOrGone) {
            // no /proc, or the process ended: unknown
        }
        return -1;
    }
}
