package dev.agentsociety.devstack.redis;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DebianPackages;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * redis-server from Debian's packages (installed by tools/install-packages.sh when missing) on a free loopback port,
 * in memory only, stopped by {@link #close()} or when the JVM exits.
 */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Path workDir;
    private final int port = Ports.free();
    private ChildProcess process;

    public RedisServer(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
    }

    public synchronized RedisServer start() {
        if (process != null) {
            return this;
        }
        DebianPackages.ensure("redis-server", BINARY);
        process = ChildProcess.start("redis-server", List.of(BINARY.toString(),
                        "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--dir", workDir.toString()),
                Map.of(), workDir, workDir.resolve("redis-" + port + ".log"));
        try {
            process.awaitReady("redis-server on port " + port, Duration.ofSeconds(20), this::ping);
        } catch (DevStackException e) {
            close();
            throw e;
        }
        return this;
    }

    /** {@code 127.0.0.1:<port>}, the form Dapr's redisHost takes. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private boolean ping() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
