package dev.agentsociety.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, picked at start so runs never clash with each other or with a user's services. */
public final class Ports {

    private Ports() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DevStackException("no free loopback port: " + e.getMessage(), e);
        }
    }

    /** Fails with the fix when a fixed port someone asked for is taken. */
    public static void requireFree(int port, String forWhat) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new DevStackException("port " + port + " for " + forWhat + " is taken: stop what listens there ("
                    + "`ss -ltnp 'sport = :" + port + "'` names it) or choose another port");
        }
    }
}
