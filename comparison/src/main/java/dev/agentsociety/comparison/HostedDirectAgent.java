package dev.agentsociety.comparison;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.DirectAgentMain;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A direct-kafka agent as it runs in production: a JVM of its own ({@code DirectAgentMain <agent>}) with the
 * brokers in KAFKA_BOOTSTRAP_SERVERS and the topic prefix in AGENT_TOPICPREFIX — so its CPU and memory are its
 * own, as a Dapr agent's are ({@link HostedDaprAgent}). Stopping it sends SIGTERM: the agent commits and leaves
 * its group.
 */
final class HostedDirectAgent implements AutoCloseable {

    private final ChildProcess process;
    private final String agent;
    private final int healthPort;

    private HostedDirectAgent(ChildProcess process, String agent, int healthPort) {
        this.process = process;
        this.agent = agent;
        this.healthPort = healthPort;
    }

    static HostedDirectAgent start(String agent, KafkaStack kafka, String topicPrefix, Path logDir) {
        return start(agent, kafka, topicPrefix, logDir, Map.of());
    }

    /** @param env more environment, e.g. AGENT_INSTANCE for a second instance of the event-sourced ledger */
    static HostedDirectAgent start(String agent, KafkaStack kafka, String topicPrefix, Path logDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
        all.put("AGENT_TOPICPREFIX", topicPrefix);
        int healthPort = Ports.free();
        all.put("MANAGEMENT_SERVER_PORT", Integer.toString(healthPort));
        return new HostedDirectAgent(ChildProcess.start(agent, List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-Dlogback.configurationFile=agent-logback.xml",
                        "-cp", System.getProperty("java.class.path"), DirectAgentMain.class.getName(), agent),
                all, logDir, logDir.resolve(agent + "-direct-" + System.nanoTime() + ".log")), agent, healthPort);
    }

    /** Its process and {@code /actuator/health} (AgentHealth), for the society's watch. */
    AgentWatch.Watched watched() {
        return new AgentWatch.Watched(agent, process.handle(), URI.create("http://127.0.0.1:" + healthPort + AgentWatch.HEALTH_PATH));
    }

    /** Its exit status, once it has exited. */
    int exitCode() {
        return process.exitCode();
    }

    String agent() {
        return agent;
    }

    ProcessHandle handle() {
        return process.handle();
    }

    /** The last lines of its log. */
    String logTail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
