package dev.agentsociety.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, picked at start so runs never clash with each other or with a user's services.
 *
 * <p>Picked below the kernel's ephemeral range (Linux: 32768-60999), in {@value #LOW}-{@value #HIGH}: a port found
 * free by binding port 0 lies inside that range, and between the pick and the server's bind any outgoing
 * connection of the machine may take it as its local port (a daprd once failed with "could not listen on any
 * endpoint"). No port is handed out twice by one JVM. dapr.yaml's fixed ports (13xxx-19xxx) lie below the band.
 */
public final class Ports {

    static final int LOW = 20_000;
    static final int HIGH = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() {
        int high = Math.min(HIGH, ephemeralLow());
        for (int attempt = 0; attempt < 500 && high - LOW >= 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, high);
            if (bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        // an unusual ephemeral range (or a crowded band): let the kernel pick
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DevStackException("no free loopback port: " + e.getMessage(), e);
        }
    }

    /** Fails with the fix when a fixed port someone asked for is taken. */
    public static void requireFree(int port, String forWhat) {
        if (!bindable(port)) {
            throw new DevStackException("port " + port + " for " + forWhat + " is taken: stop what listens there ("
                    + "`ss -ltnp 'sport = :" + port + "'` names it) or choose another port");
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; 32768 where it cannot be read. */
    private static int ephemeralLow() {
        try {
            // readAllLines, not readString: JDK 17's readString gives a truncated text for a procfs file (its size is 0)
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
