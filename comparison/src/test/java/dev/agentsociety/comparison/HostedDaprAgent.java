package dev.agentsociety.comparison;

import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Dapr agent hosted in the test JVM (its Spring Boot application on a free port) with its own genuine daprd and
 * app-id, as {@code dapr run} would pair them. Closing stops the sidecar first, then the app.
 */
final class HostedDaprAgent implements AutoCloseable {

    private final DaprSidecar sidecar;
    private final ConfigurableApplicationContext app;

    private HostedDaprAgent(DaprSidecar sidecar, ConfigurableApplicationContext app) {
        this.sidecar = sidecar;
        this.app = app;
    }

    static HostedDaprAgent start(String appId, Class<?> application, String topicPrefix, Path components,
            Map<String, String> brokerEnv, Path logDir) {
        int appPort = Ports.free();
        DaprSidecar sidecar = new DaprSidecar(appId, appPort, components, brokerEnv, logDir);
        List<String> args = new ArrayList<>(List.of(
                "--spring.application.name=" + appId,
                "--server.port=" + appPort,
                "--agent.topic-prefix=" + topicPrefix,
                "--agent.sidecar.http-port=" + sidecar.httpPort(),
                "--agent.sidecar.grpc-port=" + sidecar.grpcPort()));
        ConfigurableApplicationContext app = SpringApplication.run(application, args.toArray(String[]::new));
        try {
            sidecar.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return new HostedDaprAgent(sidecar, app);
    }

    DaprSidecar sidecar() {
        return sidecar;
    }

    <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    @Override
    public void close() {
        try {
            sidecar.close();
        } finally {
            app.close();
        }
    }
}
