package dev.agentsociety.devstack.dapr;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Dapr Scheduler control-plane service (stock {@code cmd/scheduler}, embedded etcd), as {@code dapr init}
 * runs it. {@code dapr run} (CLI 1.16) always points sidecars of runtime 1.15+ at a scheduler — in a multi-app
 * run template even an empty {@code schedulerHostAddress} is replaced by localhost:50006 — and a sidecar reports
 * healthy only once it reaches one. The port is the one {@code dapr.yaml} names ({@link DaprRunTemplate}); when
 * something already listens there (a scheduler started by hand), that one is used and none is started.
 */
public final class DaprScheduler implements AutoCloseable {

    /** {@code dapr init}'s port, and what the CLI assumes when a template names none. */
    public static final int DEFAULT_PORT = 50006;

    private final int port;
    private final Path dataDir;
    private ChildProcess process;

    public DaprScheduler(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir.toAbsolutePath();
    }

    public synchronized DaprScheduler start() {
        if (process != null || listening(port)) {
            return this;
        }
        Path binary = DaprInstallation.ensure().scheduler();
        int healthzPort = Ports.free();
        process = ChildProcess.start("dapr-scheduler", List.of(binary.toString(),
                        "--port", Integer.toString(port),
                        "--listen-address", "127.0.0.1",
                        "--healthz-port", Integer.toString(healthzPort),
                        "--healthz-listen-address", "127.0.0.1",
                        "--metrics-port", Integer.toString(Ports.free()),
                        "--etcd-data-dir", dataDir.resolve("etcd").toString(),
                        "--etcd-client-port", Integer.toString(Ports.free()),
                        "--etcd-initial-cluster", "dapr-scheduler-server-0=http://127.0.0.1:" + Ports.free()),
                Map.of(), dataDir, dataDir.resolve("scheduler.log"));
        awaitHealthy(healthzPort);
        return this;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private void awaitHealthy(int healthzPort) {
        if (Healthz.await(process, URI.create("http://127.0.0.1:" + healthzPort + "/healthz"), () -> true)) {
            return;
        }
        String log = process.tail(12);
        close();
        throw new DevStackException("the Dapr scheduler on port " + port + " did not turn healthy:\n" + log
                + (log.contains("address already in use") ? "\n-> a port it needs is taken" : ""));
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
