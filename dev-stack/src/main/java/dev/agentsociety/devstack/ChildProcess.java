package dev.agentsociety.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A process the dev stack started (a broker JVM, a daprd, a redis-server): its output goes to a log file,
 * and it is stopped when {@link #close()} is called or, whatever happened, when this JVM exits.
 *
 * <p>A JVM killed with SIGKILL runs no shutdown hook; for that case every child's pid is also written to
 * {@link #PID_DIR}, and this JVM's {@link ChildReaper} stops what it left behind as soon as it is gone (the next
 * dev stack that starts does too, should the reaper itself have been killed).
 */
public final class ChildProcess implements AutoCloseable {

    /** Where the pids of running children are recorded, one file each. */
    public static final Path PID_DIR = Path.of(System.getProperty("java.io.tmpdir"), "agent-society", "pids");

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
    /** What each stopped child had cost when it was told to stop, in the order they stopped. */
    private static final List<ProcessUsage> STOPPED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::close), "dev-stack-cleanup"));
        reapLeftovers();
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private boolean usageRecorded;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** Starts {@code command} in {@code workDir} with extra environment, output (stdout and stderr) to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(PID_DIR);
            ChildReaper.ensureStarted();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Path pidFile = PID_DIR.resolve(Long.toString(process.pid()));
            // owner and child each with their start time: a pid the kernel has since given to another process is
            // told apart by it, so reaping never kills a stranger, nor spares a leftover for a stranger's sake
            Files.writeString(pidFile, ProcessHandle.current().pid() + " " + startOf(ProcessHandle.current()) + "\n"
                    + String.join(" ", command) + "\n" + startOf(process.toHandle()));
            ChildProcess child = new ChildProcess(name, process, logFile, pidFile);
            RUNNING.add(child);
            return child;
        } catch (IOException e) {
            throw new DevStackException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Runs a short-lived command (an installer) to completion, echoing each line it prints through System.out,
     * where a test runner shows it (a child writing to the JVM's own stdout would garble Surefire's channel).
     */
    public static int runEchoing(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(System.out::println);
        }
        return process.waitFor();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for the process to end; false when it still runs after {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@code ready} holds (a server answers); when the process dies or {@code timeout} passes first, stops
     * it and throws, naming {@code what} and the log's last lines.
     */
    public void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String log = tail(10);
                close();
                if (log.matches("(?is).*(address already in use|address in use|eaddrinuse).*")) {
                    throw new DevStackException(what + " did not start: that port is already taken by another process (a "
                            + "new run picks another free one):\n" + log);
                }
                throw new DevStackException(what + " did not start:\n" + log);
            }
            awaitExit(Duration.ofMillis(50));
        }
    }

    /**
     * Waits until the process accepts connections on {@code port} (loopback). Throws, naming the process and its
     * log's last lines, when it exits first or does not listen within {@code timeout}; the process is left running.
     */
    public void awaitListening(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new DevStackException(name + " exited with code " + exitCode() + ":\n" + tail(15));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                awaitExit(Duration.ofMillis(200)); // not listening yet: look again shortly, or notice the exit
            }
        }
        throw new DevStackException(name + " did not listen on port " + port + " within " + timeout.toSeconds() + " s:\n" + tail(15));
    }

    /** The last lines of the log, for error messages that say why a process failed. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the process and its descendants, without waiting: lets several children shut down at once. */
    public void requestStop() {
        recordUsage();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** What the process cost, taken once, while it still runs (a process that has exited can no longer be read). */
    private synchronized void recordUsage() {
        if (!usageRecorded && process.isAlive() && RUNNING.contains(this)) {
            STOPPED.add(ProcessUsage.of(name, process.toHandle()));
            usageRecorded = true;
        }
    }

    /**
     * SIGTERM to the process and its descendants, SIGKILL to whatever still runs after the grace period. The process
     * itself is awaited through its {@link Process}, never its {@link ProcessHandle}: a handle's exit can be seen a
     * moment before {@link Process#isAlive()} turns false, and a caller that restarts it at once would find it running.
     */
    public void stop(Duration grace) {
        recordUsage();
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        for (ProcessHandle handle : descendants) {
            if (!awaitExit(handle, grace)) {
                handle.destroyForcibly();
                awaitExit(handle, Duration.ofSeconds(5));
            }
        }
        RUNNING.remove(this);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // best effort: a stale pid file is checked against the live command line before anything is killed
        }
    }

    /** What each running child has cost so far (CPU, peak RSS), by its name. */
    public static List<ProcessUsage> runningUsage() {
        return RUNNING.stream().map(child -> ProcessUsage.of(child.name, child.process.toHandle())).toList();
    }

    /** A mark for {@link #stoppedSince}: how many children have stopped so far. */
    public static int stoppedMark() {
        return STOPPED.size();
    }

    /** What the children stopped after {@code mark} had cost when they were told to stop. */
    public static List<ProcessUsage> stoppedSince(int mark) {
        return List.copyOf(STOPPED.subList(mark, STOPPED.size()));
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception timedOut) {
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    /**
     * Kills children recorded by a JVM that no longer runs (it was killed before its shutdown hook could). Runs when
     * this class is first used; callable again by a long-lived process.
     */
    public static void reapLeftovers() {
        if (!Files.isDirectory(PID_DIR)) {
            return;
        }
        try (Stream<Path> files = Files.list(PID_DIR)) {
            files.forEach(ChildProcess::reapIfOrphaned);
        } catch (IOException ignored) {
            // nothing recorded, nothing to reap
        }
    }

    private static void reapIfOrphaned(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long childPid = Long.parseLong(pidFile.getFileName().toString());
            String[] owner = lines.get(0).trim().split(" ");
            String command = lines.size() > 1 ? lines.get(1) : "";
            String childStart = lines.size() > 2 ? lines.get(2).trim() : "";
            if (ProcessHandle.of(Long.parseLong(owner[0])).filter(h -> started(h, owner.length > 1 ? owner[1] : "")).isPresent()) {
                return; // the JVM that started it still runs: it is that JVM's to stop
            }
            ProcessHandle.of(childPid)
                    .filter(h -> started(h, childStart))
                    .filter(h -> h.info().commandLine().map(c -> sameProgram(c, command)).orElse(false))
                    .ifPresent(h -> {
                        System.err.println("[dev-stack] stopping " + childPid + " left behind by a killed run: " + command);
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    });
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException ignored) {
            // unreadable or half-written record: leave it
        }
    }

    /** When the process started, as recorded in a pid file; empty when the system does not say. */
    static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString).orElse("");
    }

    /** Whether the live process is the one recorded: alive, and started when the record says (if it says). */
    static boolean started(ProcessHandle process, String recordedStart) {
        return process.isAlive() && (recordedStart.isEmpty() || recordedStart.equals(startOf(process)));
    }

    private static boolean sameProgram(String liveCommandLine, String recordedCommand) {
        String program = recordedCommand.split(" ", 2)[0];
        return liveCommandLine.startsWith(program);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
