package dev.agentsociety.devstack.broker;

import dev.agentsociety.devstack.DevStackException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * NATS JetStream behind Dapr: a stream per topic, made before anything subscribes. Dapr's component creates
 * consumers, not streams, and names each app's consumer after its durable name alone — one stream per topic keeps
 * those names apart.
 */
final class JetStream implements PubSubBroker {

    private final NatsServer server;

    JetStream(NatsServer server) {
        this.server = server;
    }

    @Override
    public String name() {
        return "jetstream";
    }

    @Override
    public Map<String, String> daprEnv() {
        return Map.of("NATS_URL", server.url());
    }

    @Override
    public String describe() {
        return "nats-server (JetStream, file storage) at " + server.url();
    }

    @Override
    public void prepare(Collection<String> topics) {
        try (Connection nats = Nats.connect(server.url())) {
            JetStreamManagement streams = nats.jetStreamManagement();
            for (String topic : topics) {
                streams.addStream(StreamConfiguration.builder().name(streamName(topic)).subjects(topic)
                        .storageType(StorageType.File).build());
            }
        } catch (IOException | JetStreamApiException e) {
            throw new DevStackException("cannot create JetStream's streams at " + server.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while creating JetStream's streams", e);
        }
    }

    /** A stream's name may not hold '.', '*', '>' or spaces; a topic's may hold dots. */
    static String streamName(String topic) {
        return topic.replaceAll("[.*> ]", "_");
    }

    @Override
    public Optional<String> exited() {
        return server.exited();
    }

    @Override
    public void close() {
        server.close();
    }
}
