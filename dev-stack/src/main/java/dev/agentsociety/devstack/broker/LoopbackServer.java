package dev.agentsociety.devstack.broker;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DebianPackages;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * A server from Debian's packages (installed by tools/install-packages.sh when missing), started on a free loopback
 * port with its data under its own folder, ready when it answers its protocol's greeting, and stopped by
 * {@link #close()} or when the JVM exits — also after SIGKILL, as every {@link ChildProcess}.
 *
 * @param <S> the server's own class, which {@link #start()} returns
 */
public abstract class LoopbackServer<S extends LoopbackServer<S>> implements AutoCloseable {

    /** The name of every process a broker runs begins so: the costs count it as the broker's. */
    public static final String BROKER_PREFIX = "broker-";

    protected final Path workDir;
    protected final int port = Ports.free();
    private final String pkg;
    private final Path binary;
    private ChildProcess process;
    private List<ChildProcess> companions = List.of();

    protected LoopbackServer(String pkg, Path binary, Path workDir) {
        this.pkg = pkg;
        this.binary = binary;
        this.workDir = workDir.toAbsolutePath();
    }

    /** The command line, given the installed binary. */
    protected abstract List<String> command(Path binary);

    /** The process's environment beyond this JVM's. */
    protected Map<String, String> env() {
        return Map.of();
    }

    /** Whether the server answers on {@link #port} as it should once it serves. */
    protected abstract boolean ready();

    /** Processes the server needs beside it, started first and stopped after it (none unless overridden). */
    protected List<ChildProcess> companions() {
        return List.of();
    }

    /** How long it may take to answer (an Erlang VM takes longer than a Go binary). */
    protected Duration startTimeout() {
        return Duration.ofSeconds(30);
    }

    @SuppressWarnings("unchecked")
    public final synchronized S start() {
        if (process != null) {
            return (S) this;
        }
        Path installed = DebianPackages.ensure(pkg, binary);
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new DevStackException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        String name = BROKER_PREFIX + pkg + "-" + port;
        companions = companions();
        process = ChildProcess.start(name, command(installed), env(), workDir, workDir.resolve(name + ".log"));
        try {
            process.awaitReady(pkg + " on port " + port, startTimeout(), this::ready);
        } catch (DevStackException e) {
            close();
            throw e;
        }
        return (S) this;
    }

    public int port() {
        return port;
    }

    /** The server's process, for a test that kills it. */
    synchronized ProcessHandle handle() {
        return process.handle();
    }

    /** Empty while the server runs (or before it started); once it has died, its exit code and last log lines. */
    public synchronized Optional<String> exited() {
        if (process == null || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(pkg + " (port " + port + ") exited with code " + process.exitCode() + ": " + process.tail(3).strip());
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
        companions.forEach(ChildProcess::close);
        companions = List.of();
    }

    /** Connects, writes {@code hello} (nothing when empty) and says whether the reply starts with {@code expected}. */
    protected final boolean greets(byte[] hello, byte[] expected) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            if (hello.length > 0) {
                OutputStream out = socket.getOutputStream();
                out.write(hello);
                out.flush();
            }
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(expected.length);
            return Arrays.equals(reply, expected);
        } catch (IOException e) {
            return false;
        }
    }
}
