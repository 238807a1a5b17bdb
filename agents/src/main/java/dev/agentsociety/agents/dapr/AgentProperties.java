package dev.agentsociety.agents.dapr;

import dev.agentsociety.domain.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The knobs every Dapr agent shares, with defaults that work under {@code dapr run}: which pub/sub component to use,
 * the topic prefix, and where the sidecar listens ({@code dapr run} sets DAPR_HTTP_PORT and DAPR_GRPC_PORT).
 */
@ConfigurationProperties(prefix = "agent")
public record AgentProperties(String pubsub, String topicPrefix, Sidecar sidecar) {

    public AgentProperties {
        pubsub = pubsub == null ? "pubsub" : pubsub;
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        sidecar = sidecar == null ? new Sidecar(null, null, null) : sidecar;
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }

    public record Sidecar(String host, Integer httpPort, Integer grpcPort) {

        public Sidecar {
            host = host == null ? "127.0.0.1" : host;
            httpPort = httpPort == null ? envPort("DAPR_HTTP_PORT", 3500) : httpPort;
            grpcPort = grpcPort == null ? envPort("DAPR_GRPC_PORT", 50001) : grpcPort;
        }

        private static int envPort(String name, int fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        }
    }
}
