package dev.agentsociety.comparison.society;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.DirectAgentMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A direct-kafka agent as it runs in production: a JVM of its own ({@code DirectAgentMain <agent>}) with the
 * brokers in KAFKA_BOOTSTRAP_SERVERS, the topic prefix in AGENT_TOPICPREFIX and its HTTP side, if it has one, on
 * SERVER_PORT — so its CPU and memory are its own, as a Dapr agent's are ({@link HostedDaprAgent}). Stopping it
 * sends SIGTERM: the agent commits and leaves its group.
 */
public final class HostedDirectAgent implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** What KafkaAgentLoop's ConsumerRebalanceListener logs when partitions move. */
    private static final Pattern REBALANCE = Pattern.compile(" (now reads|gives up|lost) \\[[^]]*]");

    private final ChildProcess process;
    private final String agent;
    private final int healthPort;
    private final int appPort;

    private HostedDirectAgent(ChildProcess process, String agent, int healthPort, int appPort) {
        this.process = process;
        this.agent = agent;
        this.healthPort = healthPort;
        this.appPort = appPort;
    }

    public static HostedDirectAgent start(String agent, KafkaStack kafka, String topicPrefix, Path logDir) {
        return start(agent, kafka, topicPrefix, logDir, Map.of());
    }

    /**
     * Starts the agent and waits until it is ready: its health port answers once every part of it has started.
     *
     * @param env more environment, e.g. AGENT_INSTANCE for a second instance of the event-sourced ledger
     */
    public static HostedDirectAgent start(String agent, KafkaStack kafka, String topicPrefix, Path logDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
        all.put("AGENT_TOPICPREFIX", topicPrefix);
        all.putIfAbsent("SERVER_PORT", Integer.toString(Ports.free()));
        int healthPort = Ports.free();
        all.put("MANAGEMENT_SERVER_PORT", Integer.toString(healthPort));
        ChildProcess process = ChildProcess.start(agent, List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-Dlogback.configurationFile=agent-logback.xml",
                        "-cp", System.getProperty("java.class.path"), DirectAgentMain.class.getName(), agent),
                all, logDir, logDir.resolve(agent + "-direct-" + System.nanoTime() + ".log"));
        try {
            process.awaitListening(healthPort, START_TIMEOUT);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new HostedDirectAgent(process, agent, healthPort, Integer.parseInt(all.get("SERVER_PORT")));
    }

    /** Its process and {@code /actuator/health} (AgentHealth), for the society's watch. */
    AgentWatch.Watched watched() {
        return new AgentWatch.Watched(agent, process.handle(), URI.create("http://127.0.0.1:" + healthPort + AgentWatch.HEALTH_PATH));
    }

    /** Its exit status, once it has exited. */
    public int exitCode() {
        return process.exitCode();
    }

    String agent() {
        return agent;
    }

    /** SERVER_PORT: where an agent with an HTTP side (account-, risk-, projection-agent) listens. */
    public int appPort() {
        return appPort;
    }

    /**
     * The rebalances the agent was told of, as its ConsumerRebalanceListener logged them ("now reads [...]", "gives
     * up [...]", "lost [...]"), each as "assigned: ...", "revoked: ..." or "lost: ...": read from its log, as the
     * Dapr agent's are read from its sidecar's.
     */
    List<String> rebalancesLogged() {
        try (var lines = Files.lines(process.logFile())) {
            return lines.map(REBALANCE::matcher).filter(Matcher::find)
                    .map(match -> switch (match.group(1)) {
                        case "now reads" -> "assigned: ";
                        case "gives up" -> "revoked: ";
                        default -> "lost: ";
                    } + match.group(0).strip() + " (" + agent + " log)")
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ProcessHandle handle() {
        return process.handle();
    }

    /** The last lines of its log. */
    public String logTail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
