package dev.agentsociety.devstack.dapr;

import dev.agentsociety.devstack.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** A control-plane service's health endpoint, asked until it answers 200: the scheduler's, Sentry's. */
final class Healthz {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Healthz() {
    }

    /** True once {@code healthz} answers 200 and {@code ready} holds; false when {@code process} exits or a minute passes. */
    static boolean await(ChildProcess process, URI healthz, BooleanSupplier ready) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                        && ready.getAsBoolean()) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            process.awaitExit(Duration.ofMillis(100)); // not healthy yet: ask again shortly, or notice the exit at once
        }
        return false;
    }
}
