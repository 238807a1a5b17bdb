package dev.agentsociety.devstack.broker;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * rabbitmq-server, a node of its own (its name, Erlang distribution and epmd ports, data and logs under its folder,
 * no plugins): {@code amqp://guest:guest@127.0.0.1:<port>} (guest may connect from loopback).
 */
public final class RabbitMqServer extends LoopbackServer<RabbitMqServer> {

    private final int epmdPort = Ports.free();
    private final int distributionPort = Ports.free();

    public RabbitMqServer(Path workDir) {
        // the script itself: /usr/sbin's wrapper would switch to the rabbitmq user, who may not write under workDir
        super("rabbitmq-server", Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"), workDir);
    }

    @Override
    protected List<String> command(Path binary) {
        return List.of(binary.toString());
    }

    @Override
    protected Map<String, String> env() {
        return Map.ofEntries(Map.entry("RABBITMQ_NODENAME", "rabbit-" + port + "@localhost"),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"), Map.entry("RABBITMQ_NODE_PORT", Integer.toString(port)),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distributionPort)),
                Map.entry("ERL_EPMD_PORT", Integer.toString(epmdPort)),
                Map.entry("RABBITMQ_MNESIA_BASE", workDir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_FEATURE_FLAGS_FILE", workDir.resolve("feature_flags").toString()),
                Map.entry("RABBITMQ_QUORUM_DIR", workDir.resolve("quorum").toString()),
                Map.entry("RABBITMQ_LOG_BASE", workDir.resolve("log").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", workDir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_CONFIG_FILE", workDir.resolve("rabbitmq").toString()),
                // the Erlang cookie lives in $HOME: a home of its own
                Map.entry("HOME", workDir.toString()),
                // the script then execs the Erlang VM rather than waiting on it from a shell: this process is the
                // broker, its CPU and memory are the broker's, and SIGTERM stops it cleanly
                Map.entry("RUNNING_UNDER_SYSTEMD", "true"));
    }

    /**
     * Erlang's port mapper on a port of its own, in the foreground: left to itself, rabbitmq-server starts it as a
     * daemon that outlives the broker.
     */
    @Override
    protected List<ChildProcess> companions() {
        ChildProcess epmd = ChildProcess.start(BROKER_PREFIX + "epmd-" + epmdPort, List.of("/usr/bin/epmd", "-address", "127.0.0.1",
                "-port", Integer.toString(epmdPort)), Map.of(), workDir, workDir.resolve("epmd-" + epmdPort + ".log"));
        epmd.awaitListening(epmdPort, Duration.ofSeconds(10));
        return List.of(epmd);
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected boolean ready() {
        // AMQP 0-9-1 protocol header; a serving broker answers with a Connection.Start method frame (type 1)
        return greets("AMQP\0\0\u0009\u0001".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0x01});
    }

    public String url() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }
}
