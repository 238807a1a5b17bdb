package dev.agentsociety.devstack.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Mosquitto, the MQTT broker, persistence under its folder: {@code tcp://127.0.0.1:<port>}. */
public final class MosquittoServer extends LoopbackServer<MosquittoServer> {

    public MosquittoServer(Path workDir) {
        super("mosquitto", Path.of("/usr/sbin/mosquitto"), workDir);
    }

    @Override
    protected List<String> command(Path binary) {
        Path config = workDir.resolve("mosquitto-" + port + ".conf");
        try {
            Files.writeString(config, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence true",
                    "persistence_location " + workDir + "/",
                    // QoS 1 messages for a persistent session that is offline wait for it (the default is 1000)
                    "max_queued_messages 100000",
                    "") );
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(binary.toString(), "-c", config.toString());
    }

    @Override
    protected boolean ready() {
        // MQTT 3.1.1 CONNECT with a clean session and client id "ready"; the broker answers CONNACK (0x20 0x02)
        byte[] connect = {0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x05,
                'r', 'e', 'a', 'd', 'y'};
        return greets(connect, new byte[] {0x20, 0x02});
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }
}
