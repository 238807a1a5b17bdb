package dev.agentsociety.devstack.dapr;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Dapr's Sentry (stock {@code cmd/sentry}), the certificate authority of mTLS between sidecars, run as a self-hosted
 * install runs it: given an empty issuer-credentials folder it makes its own root and issuer certificates there
 * ({@code ca.crt}, {@code issuer.crt}, {@code issuer.key}) and signs each daprd's workload certificate. A daprd started
 * with {@link DaprSidecar#mtls(DaprSentry)} asks it for one, and trusts {@link #trustAnchors()}; in self-hosted mode
 * Sentry's validator is {@code insecure} (it takes the app-id a daprd claims), so mTLS here proves that a caller
 * holds a certificate of this CA, not which app it is.
 */
public final class DaprSentry implements AutoCloseable {

    public static final String TRUST_DOMAIN = "localhost";

    private final Path dir;
    private final int port = Ports.free();
    private ChildProcess process;

    public DaprSentry(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public synchronized DaprSentry start() {
        if (process != null) {
            return this;
        }
        Path credentials = dir.resolve("credentials");
        Path config = dir.resolve("sentry-config.yaml");
        try {
            Files.createDirectories(credentials); // Sentry watches the folder: it must exist, and may be empty
            Files.writeString(config, """
                    apiVersion: dapr.io/v1alpha1
                    kind: Configuration
                    metadata:
                      name: daprsystem
                    spec:
                      mtls:
                        workloadCertTTL: "1h"
                        allowedClockSkew: "15m"
                    """);
        } catch (IOException e) {
            throw new DevStackException("cannot prepare Sentry's folder " + dir + ": " + e.getMessage(), e);
        }
        int healthzPort = Ports.free();
        process = ChildProcess.start("dapr-sentry", List.of(DaprInstallation.ensure().sentry().toString(),
                        "--issuer-credentials", credentials.toString(),
                        "--config", config.toString(),
                        "--trust-domain", TRUST_DOMAIN,
                        "--port", Integer.toString(port),
                        "--listen-address", "127.0.0.1",
                        "--healthz-port", Integer.toString(healthzPort),
                        "--enable-metrics=false",
                        "--log-level", "info"),
                Map.of(), dir, dir.resolve("sentry.log"));
        awaitHealthy(healthzPort, credentials.resolve("ca.crt"));
        return this;
    }

    /** Where daprd asks for its certificate ({@code --sentry-address}). */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The root certificate (PEM) every daprd of this CA trusts: its {@code DAPR_TRUST_ANCHORS}. */
    public String trustAnchors() {
        try {
            return Files.readString(dir.resolve("credentials/ca.crt"));
        } catch (IOException e) {
            throw new DevStackException("Sentry wrote no root certificate under " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private void awaitHealthy(int healthzPort, Path rootCertificate) {
        if (Healthz.await(process, URI.create("http://127.0.0.1:" + healthzPort + "/healthz"), () -> Files.isRegularFile(rootCertificate))) {
            return;
        }
        String log = process.tail(12);
        close();
        throw new DevStackException("Dapr Sentry on port " + port + " did not turn healthy:\n" + log
                + (log.contains("address already in use") ? "\n-> a port it needs is taken" : ""));
    }
}
