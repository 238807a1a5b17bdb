package dev.agentsociety.comparison.society;

import dev.agentsociety.comparison.report.Report;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running society the way a supervisor would: every half second each agent's process is looked at and its
 * health endpoint asked (the same contract in both variants: {@code /actuator/health}, 503 when DOWN). An agent whose
 * process exited or whose health is DOWN is reported once — on stderr and in {@link #reports()} — naming it and
 * saying why, within a second of the health turning; it is reported again only after it was UP in between.
 */
public final class AgentWatch implements AutoCloseable {

    /** The health endpoint every agent answers, both variants (Spring Boot Actuator's path; daprd's app health check asks it too). */
    static final String HEALTH_PATH = "/actuator/health";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private static final Duration EVERY = Duration.ofMillis(500);

    /** What is watched: an agent's process, and its health endpoint where it has one (null: the process only). */
    record Watched(String name, ProcessHandle process, URI health) {
    }

    /** One agent found failed: when, and what the watch saw. */
    public record Report(String name, Instant at, String why) {
        @Override
        public String toString() {
            return name + " is DOWN: " + why;
        }
    }

    private final List<Watched> watched;
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> down = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-watch");
        thread.setDaemon(true);
        return thread;
    });

    AgentWatch(List<Watched> watched) {
        this.watched = List.copyOf(watched);
        timer.scheduleWithFixedDelay(this::look, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A watch over the agents {@code dapr run -f} started: each app (its JVM among the CLI's descendants, its
     * {@code /actuator/health} on its app port) and each app's daprd ({@code --app-id <app>}).
     *
     * @param cli      the {@code dapr run} process
     * @param appPorts app-id to app port, as the run template declares them
     */
    public static AgentWatch forDaprRun(ProcessHandle cli, Map<String, Integer> appPorts) {
        List<ProcessHandle> descendants = cli.descendants().toList();
        List<Watched> watched = new ArrayList<>();
        appPorts.forEach((app, port) -> {
            descendant(descendants, "agents-exec.jar " + app).ifPresent(jvm -> watched.add(
                    new Watched(app, jvm, URI.create("http://127.0.0.1:" + port + HEALTH_PATH))));
            descendant(descendants, "--app-id " + app + " ").ifPresent(daprd -> watched.add(new Watched(app + " daprd", daprd, null)));
        });
        return new AgentWatch(watched);
    }

    private static Optional<ProcessHandle> descendant(List<ProcessHandle> descendants, String inCommandLine) {
        return descendants.stream().filter(p -> p.info().commandLine().orElse("").contains(inCommandLine)).findFirst();
    }

    /** What is watched, by name. */
    List<String> names() {
        return watched.stream().map(Watched::name).toList();
    }

    /** Every failure seen so far, in the order seen. */
    public List<Report> reports() {
        return List.copyOf(reports);
    }

    private void look() {
        for (Watched agent : watched) {
            String why = why(agent);
            boolean wasDown = down.getOrDefault(agent.name(), false);
            if (why != null && !wasDown) {
                Report report = new Report(agent.name(), Instant.now(), why);
                reports.add(report);
                System.err.println("[agent-watch] " + report);
            }
            down.put(agent.name(), why != null);
        }
    }

    /** Why the agent is failed, or null while it serves. */
    private static String why(Watched agent) {
        if (!agent.process().isAlive()) {
            return "its process " + agent.process().pid() + " exited";
        }
        if (agent.health() == null) {
            return null;
        }
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(agent.health()).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 ? null : "health " + health.statusCode() + " " + health.body();
        } catch (IOException notAnswering) {
            return null; // starting, or stopping: the process check above says whether it is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
