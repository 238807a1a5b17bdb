package dev.agentsociety.direct.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The health endpoint listens where it is told: loopback by default, every address for Kubernetes' probes. */
class AgentHealthTest {

    @Test
    void servesHealthOnTheAddressItIsGiven() throws Exception {
        HttpServer loopback = AgentHealth.serve("127.0.0.1", 0);
        HttpServer everywhere = AgentHealth.serve("0.0.0.0", 0);
        try {
            assertThat(loopback.getAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(everywhere.getAddress().getAddress().isAnyLocalAddress()).isTrue();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + everywhere.getAddress().getPort() + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        } finally {
            loopback.stop(0);
            everywhere.stop(0);
        }
    }
}
