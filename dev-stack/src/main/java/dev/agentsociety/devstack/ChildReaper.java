package dev.agentsociety.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one process a JVM that starts children leaves behind on purpose: {@code ChildReaper <owner-pid>} waits for
 * that JVM to end and then stops whatever it started that still runs ({@link ChildProcess#reapLeftovers}), so
 * a daprd, a redis-server or an agent JVM dies with a test run even when SIGKILL gave it no shutdown hook. When
 * the owner ended normally its hook has already stopped its children and removed their records: nothing to do.
 */
public final class ChildReaper {

    private static volatile Process started;

    private ChildReaper() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ChildReaper <owner-pid>");
            System.exit(2);
        }
        ProcessHandle.of(Long.parseLong(args[0])).ifPresent(owner -> owner.onExit().join());
        ChildProcess.reapLeftovers(); // only records whose owner is gone: the owner's, and any older run's
    }

    /** Starts this JVM's reaper once, before its first child; it ends by itself after this JVM. */
    static synchronized void ensureStarted() {
        if (started != null && started.isAlive()) {
            return;
        }
        Path log = ChildProcess.PID_DIR.resolveSibling("reaper.log");
        try {
            Files.createDirectories(log.getParent());
            // the class path in CLASSPATH, not -cp: the command line stays short enough to be read back whole
            // (the JDK reads one page of /proc/<pid>/cmdline), so the reaper can be found by its owner's pid
            ProcessBuilder reaper = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", ChildReaper.class.getName(),
                    Long.toString(ProcessHandle.current().pid())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            reaper.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            started = reaper.start();
        } catch (Exception e) {
            // the next dev stack that starts still reaps what this run leaves behind
            System.err.println("[dev-stack] no reaper (" + e.getMessage() + "): a killed run's children live until the next run");
        }
    }
}
