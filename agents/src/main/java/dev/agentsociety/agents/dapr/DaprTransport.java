package dev.agentsociety.agents.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Dapr side of every agent: one DaprClient talking to this agent's own sidecar, and the event publisher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentProperties.class)
public class DaprTransport {

    @Bean(destroyMethod = "close")
    public DaprClient daprClient(AgentProperties properties) {
        return clientBuilder(properties.sidecar()).build();
    }

    /** How every agent's client is configured: its own sidecar, the domain's JSON. */
    public static DaprClientBuilder clientBuilder(AgentProperties.Sidecar sidecar) {
        return new DaprClientBuilder()
                .withPropertyOverride(Properties.SIDECAR_IP, sidecar.host())
                .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(sidecar.httpPort()))
                .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(sidecar.grpcPort()))
                // events are written with the domain's JSON mapping, the same bytes the direct variant writes
                .withObjectSerializer(new EventSerializer());
    }

    @Bean
    public DaprEventPublisher daprEventPublisher(DaprClient client, AgentProperties properties) {
        return new DaprEventPublisher(client, properties.pubsub());
    }

    @Bean
    public IncomingEvents incomingEvents(DaprEventPublisher publisher, AgentProperties properties) {
        return new IncomingEvents(publisher, properties.topics());
    }
}
