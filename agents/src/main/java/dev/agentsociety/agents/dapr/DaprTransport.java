package dev.agentsociety.agents.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.config.Properties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The Dapr side of every agent: one DaprClient talking to this agent's own sidecar, and the event publisher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentProperties.class)
public class DaprTransport {

    /** Primary: the preview client below is a DaprClient too (one implementation class in the SDK). */
    @Bean(destroyMethod = "close")
    @Primary
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

    /** The client of Dapr's preview APIs: bulk publish (alpha in 1.16). */
    @Bean(destroyMethod = "close")
    public DaprPreviewClient daprPreviewClient(AgentProperties properties) {
        return clientBuilder(properties.sidecar()).buildPreviewClient();
    }

    @Bean
    public DaprEventPublisher daprEventPublisher(DaprClient client, DaprPreviewClient preview, AgentProperties properties) {
        return new DaprEventPublisher(client, preview, properties.pubsub());
    }

    /** {@code sidecar} in {@code /actuator/health}. */
    @Bean
    public SidecarHealth sidecarHealthIndicator(AgentProperties properties) {
        return new SidecarHealth(properties.sidecar());
    }

    /** With APP_API_TOKEN set, only a caller holding it — the app's own sidecar — gets past {@link AppApiTokenFilter}. */
    @Bean
    public FilterRegistrationBean<AppApiTokenFilter> appApiTokenFilter() {
        String token = System.getenv(AppApiTokenFilter.ENV);
        FilterRegistrationBean<AppApiTokenFilter> registration = new FilterRegistrationBean<>(
                new AppApiTokenFilter(token == null ? "" : token));
        registration.setEnabled(token != null && !token.isBlank());
        registration.setOrder(Integer.MIN_VALUE);
        return registration;
    }

    @Bean
    public IncomingEvents incomingEvents(DaprEventPublisher publisher, AgentProperties properties) {
        return new IncomingEvents(publisher, properties.topics());
    }
}
