package dev.agentsociety.devstack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aTakenPortIsNamedWithTheWayToFindWhoHasIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree(port, "welcome-agent (appPort in dapr.yaml)"))
                    .isInstanceOf(DevStackException.class)
                    .hasMessageContaining("port " + port + " for welcome-agent (appPort in dapr.yaml) is taken")
                    .hasMessageContaining("ss -ltnp 'sport = :" + port + "'");
        }
    }

    @Test
    void aFreePortPasses() {
        int port = Ports.free();
        assertThatCode(() -> Ports.requireFree(port, "anything")).doesNotThrowAnyException();
    }
}
