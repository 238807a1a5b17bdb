package dev.agentsociety.devstack.dapr;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A genuine daprd sidecar for one app, started the way {@code dapr run} starts it: its own app-id, free ports,
 * the components of one {@code components/<broker>} folder. {@code start()} returns once {@code /v1.0/healthz}
 * answers 204, i.e. components are loaded and the app's subscriptions are known.
 */
public final class DaprSidecar implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String appId;
    private final Integer appPort;
    private final List<Path> resources;
    private final Map<String, String> env;
    private final Path logDir;
    private final int httpPort = Ports.free();
    private final int grpcPort = Ports.free();
    private final int metricsPort = Ports.free();
    private Duration startTimeout = Duration.ofSeconds(60);
    private String appHealthPath;
    private DaprSentry sentry;
    private Path config;
    /** Picked here like the others: left to daprd, two sidecars started at once can pick the same one. */
    private int internalGrpcPort = Ports.free();
    private ChildProcess process;

    /**
     * @param appPort   the port the app listens on, or null for a sidecar without an app (publish only)
     * @param resources a {@code components/<broker>} folder
     * @param env       the environment the components read (KAFKA_BOOTSTRAP_SERVERS, REDIS_HOST, ...)
     */
    public DaprSidecar(String appId, Integer appPort, Path resources, Map<String, String> env, Path logDir) {
        this(appId, appPort, List.of(resources), env, logDir);
    }

    /** @param resources component folders, loaded together: a broker's and, say, a state store's */
    public DaprSidecar(String appId, Integer appPort, List<Path> resources, Map<String, String> env, Path logDir) {
        this.appId = appId;
        this.appPort = appPort;
        this.resources = List.copyOf(resources);
        this.env = Map.copyOf(env);
        this.logDir = logDir;
    }

    /** How long {@link #start()} waits for the sidecar to turn healthy (default 60 s). */
    public DaprSidecar startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * daprd asks the app's health at {@code path} every second and, after three failures in a row, stops delivering to
     * it (it unsubscribes) until the app answers 2xx again — as {@code dapr.yaml} sets it for {@code dapr run}.
     */
    public DaprSidecar appHealthCheck(String path) {
        this.appHealthPath = path;
        return this;
    }

    /**
     * mTLS between sidecars: daprd asks {@code sentry} for its workload certificate and trusts only its root; a peer
     * without such a certificate cannot call it, nor be called by it.
     */
    public DaprSidecar mtls(DaprSentry sentry) {
        this.sentry = sentry;
        return this;
    }

    /** A Dapr Configuration file ({@code --config}), e.g. name resolution without multicast. */
    public DaprSidecar config(Path config) {
        this.config = config.toAbsolutePath();
        return this;
    }

    /** The port other sidecars reach this one on (service invocation), fixed so a name resolver can point there. */
    public DaprSidecar internalGrpcPort(int port) {
        this.internalGrpcPort = port;
        return this;
    }

    public synchronized DaprSidecar start() {
        if (process != null) {
            return this;
        }
        DaprInstallation dapr = DaprInstallation.ensure();
        List<String> command = new ArrayList<>(List.of(dapr.daprd().toString(),
                "--app-id", appId,
                "--mode", "standalone",
                "--dapr-http-port", Integer.toString(httpPort),
                "--dapr-grpc-port", Integer.toString(grpcPort),
                "--metrics-port", Integer.toString(metricsPort),
                "--dapr-listen-addresses", "127.0.0.1",
                "--dapr-internal-grpc-listen-address", "127.0.0.1",
                "--log-level", "info"));
        resources.forEach(folder -> command.addAll(List.of("--resources-path", folder.toString())));
        Map<String, String> environment = new java.util.HashMap<>(env);
        if (sentry != null) {
            command.addAll(List.of("--enable-mtls", "--sentry-address", sentry.address()));
            environment.put("DAPR_TRUST_ANCHORS", sentry.trustAnchors());
        }
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        command.addAll(List.of("--dapr-internal-grpc-port", Integer.toString(internalGrpcPort)));
        if (appPort != null) {
            command.addAll(List.of("--app-port", Integer.toString(appPort), "--app-protocol", "http",
                    "--app-channel-address", "127.0.0.1",
                    // On SIGTERM daprd closes its gRPC API at once but goes on delivering events for a while: a
                    // handler that publishes through the sidecar then fails. With a block duration it first stops
                    // its subscriptions (letting the deliveries in flight finish, the API still up), then shuts down
                    // once the app is unhealthy (with app health checks) or the duration is up.
                    "--dapr-block-shutdown-duration", "10s"));
            if (appHealthPath != null) {
                command.addAll(List.of("--enable-app-health-check", "--app-health-check-path", appHealthPath,
                        // a probe may take 900 ms (daprd wants less than the 1 s interval), three failing in a row:
                        // with 500 ms and two, a live app on a busy host was marked unhealthy for a moment, and
                        // daprd 1.16.5 never subscribed again after such a flap (docs/findings.md)
                        "--app-health-probe-interval", "1", "--app-health-probe-timeout", "900", "--app-health-threshold", "3"));
            }
        }
        // several instances of one app-id (a consumer group) each get a log of their own
        process = ChildProcess.start("daprd-" + appId, command, environment, resources.get(0),
                logDir.resolve("daprd-" + appId + "-" + httpPort + ".log"));
        awaitHealthy();
        return this;
    }

    /**
     * Kills the sidecar with SIGKILL and starts a new one on the same ports, for the app it serves: a crashed daprd
     * that its supervisor restarts. The app's Dapr client reconnects to the same address.
     */
    public synchronized DaprSidecar killAndRestart() {
        if (process != null) {
            process.handle().destroyForcibly();
            process.handle().onExit().join();
            process.close();
            process = null;
        }
        return start();
    }

    public String appId() {
        return appId;
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** daprd's Prometheus endpoint ({@code --metrics-port}): what it delivered and published, and how long each took. */
    public URI metricsUri() {
        return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private void awaitHealthy() {
        URI healthz = URI.create("http://127.0.0.1:" + httpPort + "/v1.0/healthz");
        Instant deadline = Instant.now().plus(startTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new DevStackException("daprd for " + appId + " exited with code " + process.exitCode() + ": "
                        + explain(process.tail(400)) + "\n(log: " + process.logFile() + ")");
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(healthz)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 204) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // asked again below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevStackException("interrupted while waiting for daprd " + appId, e);
            }
            process.awaitExit(Duration.ofMillis(100)); // not healthy yet: ask again shortly, or notice the exit at once
        }
        String log = process.tail(400);
        Path logFile = process.logFile();
        close();
        throw new DevStackException("daprd for " + appId + " did not turn healthy within " + startTimeout.toSeconds()
                + " s: " + explain(log) + "\n(log: " + logFile + ")");
    }

    private static final Pattern MESSAGE = Pattern.compile("level=(\\w+) msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The last thing daprd said that matters (a fatal or error line, else its last line), and the fix for it. */
    static String explain(String log) {
        String said = "";
        String lastLine = "";
        for (String line : log.split("\n")) {
            Matcher m = MESSAGE.matcher(line);
            if (m.find()) {
                lastLine = m.group(2);
                if (m.group(1).equals("fatal") || m.group(1).equals("error")) {
                    said = m.group(2);
                }
            }
        }
        return (said.isEmpty() ? lastLine : said) + hint(log);
    }

    /** Names the fix for the failures a newcomer meets. */
    static String hint(String log) {
        if (log.contains("missing 'brokers'") || log.contains("KAFKA_BOOTSTRAP_SERVERS")) {
            return "\n-> the Kafka component reads the brokers from the environment: set KAFKA_BOOTSTRAP_SERVERS";
        }
        if (log.contains("redisHost") || log.contains("REDIS_HOST")) {
            return "\n-> the Redis component reads its address from the environment: set REDIS_HOST";
        }
        if (log.contains("address already in use")) {
            return "\n-> a port daprd needs is taken; stop what listens there or let the dev stack pick other ports";
        }
        if (log.contains("SASL Authentication failed")) {
            return "\n-> the brokers refused this app's credentials: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (read by "
                    + "components/kafka-secure) must be a SCRAM-SHA-512 user of the cluster and its password";
        }
        if (log.contains("does not support the requested SASL mechanism") || log.contains("unsupported SASL mechanism")) {
            return "\n-> the brokers take SCRAM-SHA-512: saslMechanism SHA-512 in the component";
        }
        if (log.contains("x509:") || log.contains("tls: failed to verify certificate")) {
            return "\n-> daprd does not trust the brokers' certificate: KAFKA_CA_CERT must hold the PEM of the CA that signed it, "
                    + "and the certificate must be valid today";
        }
        if (log.contains("run out of available brokers") && log.contains("EOF")) {
            return "\n-> the brokers closed the connection: a secured cluster takes TLS and SASL only; use components/kafka-secure "
                    + "with this app's credentials";
        }
        if (log.contains("Configuring SASL") && log.contains("run out of available brokers to talk to\"")) {
            return "\n-> the brokers ended the SASL handshake and sarama says no reason: check saslMechanism (the brokers take "
                    + "SHA-512) and the brokers' log";
        }
        if (log.contains("missing SASL") || (log.contains("secret") && log.contains("not found"))) {
            return "\n-> a secretKeyRef names a variable daprd's environment lacks: components/kafka-secure reads "
                    + "KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_CA_CERT";
        }
        if (log.contains("run out of available brokers") || log.contains("connection refused")) {
            return "\n-> the broker is not reachable at the configured address; is it running?";
        }
        if (log.contains("will block until the app is listening")) {
            return "\n-> daprd waits for the app on its app port: is the app running and listening there?";
        }
        return "";
    }
}
