package dev.agentsociety.comparison.society;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import io.dapr.client.DaprClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Dapr agent as {@code dapr run} pairs it: its Spring Boot app in a JVM of its own
 * ({@code java -jar agents/target/agents-exec.jar <agent>}) and its own genuine daprd with the agent's app-id.
 *
 * <p>One JVM per agent is not only realism: the Dapr Java SDK (1.16) keeps {@code @Topic} subscriptions in a
 * JVM-wide singleton ({@code io.dapr.springboot.DaprRuntime}), so two agents hosted in one JVM would each
 * announce the other's subscriptions to their sidecars.
 */
public final class HostedDaprAgent implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final DaprSidecar sidecar;
    private final int appPort;
    private final List<String> command;
    private final Map<String, String> appEnv;
    private final Path logDir;
    private ChildProcess app;

    private HostedDaprAgent(ChildProcess app, DaprSidecar sidecar, int appPort, List<String> command,
            Map<String, String> appEnv, Path logDir) {
        this.app = app;
        this.sidecar = sidecar;
        this.appPort = appPort;
        this.command = List.copyOf(command);
        this.appEnv = Map.copyOf(appEnv);
        this.logDir = logDir;
    }

    /** @param appArgs further Spring Boot options for the app, e.g. {@code --agent.instance=ledger-agent-2} */
    public static HostedDaprAgent start(String appId, String topicPrefix, Path components, Map<String, String> brokerEnv, Path logDir,
            String... appArgs) {
        return start(appId, topicPrefix, List.of(components), brokerEnv, logDir, appArgs);
    }

    /** @param components component folders for its daprd, e.g. a broker's and a state store's */
    public static HostedDaprAgent start(String appId, String topicPrefix, List<Path> components, Map<String, String> brokerEnv,
            Path logDir, String... appArgs) {
        return startAs(appId, appId, topicPrefix, components, brokerEnv, logDir, appArgs);
    }

    /** Agent {@code agent} of agents-exec.jar under the app-id {@code appId} (one app run as several, e.g. broker-probe). */
    public static HostedDaprAgent startAs(String agent, String appId, String topicPrefix, List<Path> components,
            Map<String, String> brokerEnv, Path logDir, String... appArgs) {
        return startAs(agent, appId, topicPrefix, components, brokerEnv, Map.of(), logDir, appArgs);
    }

    /**
     * @param sidecarEnv what daprd's components read (and DAPR_API_TOKEN, APP_API_TOKEN for a secured pair)
     * @param appEnv     the app's environment beyond this JVM's: a secured pair's DAPR_API_TOKEN and APP_API_TOKEN
     */
    public static HostedDaprAgent startAs(String agent, String appId, String topicPrefix, List<Path> components,
            Map<String, String> sidecarEnv, Map<String, String> appEnv, Path logDir, String... appArgs) {
        return startAs(agent, appId, topicPrefix, components, sidecarEnv, appEnv, sidecar -> sidecar, logDir, appArgs);
    }

    /** @param sidecarOptions more of daprd's settings, e.g. {@link DaprSidecar#mtls} */
    public static HostedDaprAgent startAs(String agent, String appId, String topicPrefix, List<Path> components,
            Map<String, String> sidecarEnv, Map<String, String> appEnv, java.util.function.UnaryOperator<DaprSidecar> sidecarOptions,
            Path logDir, String... appArgs) {
        Map<String, String> brokerEnv = sidecarEnv;
        Path jar = Repo.root().resolve("agents/target/agents-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new DevStackException(jar + " is missing: build it with ./mvnw package -DskipTests");
        }
        int appPort = Ports.free();
        DaprSidecar sidecar = sidecarOptions.apply(new DaprSidecar(appId, appPort, components, brokerEnv, logDir)
                .appHealthCheck(AgentWatch.HEALTH_PATH));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), agent,
                "--server.port=" + appPort,
                "--agent.topic-prefix=" + topicPrefix,
                "--agent.sidecar.http-port=" + sidecar.httpPort(),
                "--agent.sidecar.grpc-port=" + sidecar.grpcPort()));
        command.addAll(List.of(appArgs));
        ChildProcess app = startApp(appId, command, appEnv, appPort, logDir);
        try {
            app.awaitListening(appPort, START_TIMEOUT);
            sidecar.start();
        } catch (RuntimeException e) {
            sidecar.close();
            app.close();
            throw e;
        }
        return new HostedDaprAgent(app, sidecar, appPort, command, appEnv, logDir);
    }

    private static ChildProcess startApp(String appId, List<String> command, Map<String, String> env, int appPort, Path logDir) {
        return ChildProcess.start(appId, command, env, logDir, logDir.resolve(appId + "-" + appPort + ".log"));
    }

    /** A DaprClient for a sidecar without an app (a publisher), configured as every agent's is. */
    public static DaprClient publisherClient(DaprSidecar sidecar) {
        return DaprTransport.clientBuilder(new AgentProperties.Sidecar("127.0.0.1", sidecar.httpPort(), sidecar.grpcPort())).build();
    }

    public int appPort() {
        return appPort;
    }

    /** Where its sidecar's HTTP API listens. */
    public int sidecarHttpPort() {
        return sidecar.httpPort();
    }

    /** Its sidecar's log. */
    public Path sidecarLog() {
        return sidecar.process().logFile();
    }

    /** SIGKILL to the app alone, and a new one on the same port; its sidecar runs on. */
    public synchronized void killAndRestartApp() {
        app.handle().destroyForcibly();
        app.handle().onExit().join();
        app.close();
        app = startApp(sidecar.appId(), command, appEnv, appPort, logDir);
        app.awaitListening(appPort, START_TIMEOUT);
    }

    String appId() {
        return sidecar.appId();
    }

    /** The sidecar's Prometheus metrics: its deliveries to this app and its publishes, and their latencies. */
    URI sidecarMetrics() {
        return sidecar.metricsUri();
    }

    /**
     * The lines of the sidecar's log that speak of its partitions being assigned, revoked or rebalanced, each as
     * {@code "assigned (daprd): <line>"} or {@code "rebalance (daprd): <line>"} — what the app could learn of a
     * rebalance from its sidecar.
     */
    List<String> rebalancesLoggedBySidecar() {
        try (var lines = Files.lines(sidecar.process().logFile())) {
            return lines.filter(line -> REBALANCE.matcher(line).find() && !CONFIGURATION.matcher(line).find())
                    .map(line -> (line.toLowerCase(Locale.ROOT).contains("assign") ? "assigned" : "rebalance")
                            + " (daprd): " + line)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern REBALANCE = Pattern.compile("(?i)rebalanc|assign|revok|partitions (lost|claimed)");
    /** A line that names a setting, not an event: "Consumer group rebalance strategy set to 'range'". */
    private static final Pattern CONFIGURATION = Pattern.compile("(?i)strategy set to");

    /** SIGKILL to the sidecar alone, which nothing restarts: a lost sidecar. */
    void killSidecar() {
        sidecar.process().handle().destroyForcibly();
        sidecar.process().handle().onExit().join();
    }

    /** SIGKILL to the sidecar alone, and a new one on the same ports; the app runs on. */
    public void killAndRestartSidecar() {
        sidecar.killAndRestart();
    }

    /** The app (its health includes its sidecar's) and the sidecar's process, for the society's watch. */
    List<AgentWatch.Watched> watched() {
        return List.of(new AgentWatch.Watched(sidecar.appId(), app.handle(), URI.create("http://127.0.0.1:" + appPort + AgentWatch.HEALTH_PATH)),
                new AgentWatch.Watched(sidecar.appId() + " daprd", sidecar.process().handle(), null));
    }

    /** The app's JVM and its sidecar, by role. */
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        processes.put(app.name() + " app", app.handle());
        processes.put(app.name() + " daprd", sidecar.process().handle());
        return processes;
    }

    /**
     * Stops the pair as Kubernetes stops a pod with {@code block-shutdown}: daprd is told first and stops its
     * subscriptions (its API stays up for the deliveries in flight), then the app shuts down gracefully. daprd is then
     * told again, and a second signal ends it at once: with the app gone it has nothing left to deliver, and waiting
     * for its health check to notice would add seconds to every stop.
     */
    @Override
    public void close() {
        try {
            if (sidecar.process() != null) {
                sidecar.process().requestStop();
            }
            app.close();
        } finally {
            sidecar.close();
        }
    }
}
