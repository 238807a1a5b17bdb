package dev.agentsociety.devstack.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** redis-server, in memory only (no snapshots, no append-only file): {@code 127.0.0.1:<port>}. */
public final class RedisServer extends LoopbackServer<RedisServer> {

    public RedisServer(Path workDir) {
        super("redis-server", Path.of("/usr/bin/redis-server"), workDir);
    }

    @Override
    protected List<String> command(Path binary) {
        return List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", workDir.toString());
    }

    @Override
    protected boolean ready() {
        return greets("PING\r\n".getBytes(StandardCharsets.US_ASCII), "+PONG".getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code 127.0.0.1:<port>}, the form Dapr's redisHost takes. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }
}
