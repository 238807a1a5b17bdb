package dev.agentsociety.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExternalKafkaTest {

    @Test
    void anUnreachableClusterFailsNamingTheAddressAndTheFix() {
        String nowhere = "127.0.0.1:" + Ports.free();
        assertThatThrownBy(() -> new ExternalKafka(nowhere, 1, Duration.ofSeconds(3)).start())
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("Kafka at " + nowhere + " did not answer")
                .hasMessageContaining("set KAFKA_BOOTSTRAP_SERVERS to a reachable cluster, or unset it to start one here");
    }
}
