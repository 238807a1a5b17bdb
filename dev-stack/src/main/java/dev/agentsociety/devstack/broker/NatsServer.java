package dev.agentsociety.devstack.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** nats-server with JetStream, its store under its folder: {@code nats://127.0.0.1:<port>}. */
public final class NatsServer extends LoopbackServer<NatsServer> {

    public NatsServer(Path workDir) {
        super("nats-server", Path.of("/usr/sbin/nats-server"), workDir);
    }

    @Override
    protected List<String> command(Path binary) {
        return List.of(binary.toString(), "--addr", "127.0.0.1", "--port", Integer.toString(port), "--jetstream",
                "--store_dir", workDir.resolve("jetstream").toString(), "--http_port", "0");
    }

    @Override
    protected boolean ready() {
        // a NATS server greets every connection with its INFO line
        return greets(new byte[0], "INFO ".getBytes(StandardCharsets.US_ASCII));
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }
}
