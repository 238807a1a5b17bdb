package dev.agentsociety.devstack.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sidecar that cannot work fails fast with one message naming the cause and the fix, and leaves no daprd. */
class DaprSidecarFailureIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    @Test
    void withoutTheBrokerAddressTheMessageNamesTheVariableToSet() {
        DaprSidecar sidecar = new DaprSidecar("no-address", null, Repo.components("kafka"), Map.of(), LOGS);

        assertThatThrownBy(sidecar::start)
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("daprd for no-address")
                .hasMessageContaining("set KAFKA_BOOTSTRAP_SERVERS");
        assertNoDaprdLeft("no-address");
    }

    @Test
    void anUnreachableBrokerIsNamed() {
        String nowhere = "127.0.0.1:" + Ports.free();
        DaprSidecar sidecar = new DaprSidecar("no-broker", null, Repo.components("kafka"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere), LOGS);

        assertThatThrownBy(sidecar::start)
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("daprd for no-broker")
                .hasMessageContaining("the broker is not reachable");
        assertNoDaprdLeft("no-broker");
    }

    @Test
    void aSidecarWhoseAppNeverListensTimesOutNamingTheApp() {
        DaprSidecar sidecar = new DaprSidecar("no-app", Ports.free(), Repo.components("in-memory"), Map.of(), LOGS)
                .startTimeout(Duration.ofSeconds(8));

        assertThatThrownBy(sidecar::start)
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("daprd for no-app did not turn healthy within 8 s")
                .hasMessageContaining("is the app running and listening there?");
        assertNoDaprdLeft("no-app");
    }

    private static void assertNoDaprdLeft(String appId) {
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("--app-id " + appId)))
                .isEmpty();
    }
}
