package dev.agentsociety.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
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

    @Test
    void freePortsLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(Ports.free());
        }
        assertThat(ports).hasSize(200).allSatisfy(port -> assertThat(port).isBetween(Ports.LOW, Ports.HIGH - 1));
    }
}
