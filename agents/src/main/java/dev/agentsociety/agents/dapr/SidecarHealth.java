package dev.agentsociety.agents.dapr;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The sidecar's part of a Dapr agent's health ({@code components.sidecar} of {@code /actuator/health}): UP while
 * daprd answers its outbound health endpoint ({@code /v1.0/healthz/outbound}: its API and components are up — it
 * does not wait on the app, so daprd asking the app's health is no circle), DOWN naming the address once it does not.
 * An agent whose sidecar is gone can neither publish nor be delivered to: it is a failed agent, and says so.
 */
public class SidecarHealth implements HealthIndicator {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final URI outbound;

    public SidecarHealth(AgentProperties.Sidecar sidecar) {
        this.outbound = URI.create("http://" + sidecar.host() + ":" + sidecar.httpPort() + "/v1.0/healthz/outbound");
    }

    @Override
    public Health health() {
        try {
            int status = HTTP.send(HttpRequest.newBuilder(outbound).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? Health.up().withDetail("daprd", outbound.getAuthority()).build()
                    : Health.down().withDetail("daprd", outbound.getAuthority()).withDetail("reason", "daprd answers " + status).build();
        } catch (IOException unreachable) {
            return Health.down().withDetail("daprd", outbound.getAuthority())
                    .withDetail("reason", "sidecar unreachable: " + unreachable).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
