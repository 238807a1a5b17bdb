package dev.agentsociety.devstack.broker;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A broker behind Dapr's pub/sub: the folder of {@code components/} whose {@code pubsub} component uses it, the
 * environment its daprd reads the address from, and what it needs before a subscriber comes (JetStream's streams).
 * The Dapr agents run unchanged on each: swapping the broker is swapping the component folder.
 */
public interface PubSubBroker extends AutoCloseable {

    /** The brokers there is a component folder for, in the order the matrix runs them. */
    List<String> NAMES = List.of("kafka", "redis", "rabbitmq", "jetstream", "mqtt", "in-memory");

    /** Its folder under {@code components/}. */
    String name();

    /** What its daprd needs in its environment (the broker's address under the name the component reads). */
    Map<String, String> daprEnv();

    /** One line for reports: what runs, and where. */
    String describe();

    default Path components() {
        return Repo.components(name());
    }

    /** Gets the broker ready for these topics before anything subscribes (most brokers need nothing). */
    default void prepare(Collection<String> topics) {
    }

    /** Empty while the broker runs; once its server has died mid-run, what it said (Kafka: never, it has its own watch). */
    default Optional<String> exited() {
        return Optional.empty();
    }

    @Override
    void close();

    /**
     * Starts the named broker's server (data under {@code workDir}), or for {@code kafka} uses {@code kafka}; a name
     * without a component folder fails with the names there are.
     */
    static PubSubBroker start(String name, Path workDir, KafkaStack kafka) {
        return switch (name) {
            case "kafka" -> new Running(name, Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers()), kafka.describe(),
                    Optional::empty, () -> { });
            case "redis" -> {
                RedisServer redis = new RedisServer(workDir.resolve("redis")).start();
                yield new Running(name, Map.of("REDIS_HOST", redis.hostAndPort()), "redis-server (Redis Streams) at "
                        + redis.hostAndPort(), redis::exited, redis::close);
            }
            case "rabbitmq" -> {
                RabbitMqServer rabbit = new RabbitMqServer(workDir.resolve("rabbitmq")).start();
                yield new Running(name, Map.of("RABBITMQ_URL", rabbit.url()), "rabbitmq-server at 127.0.0.1:" + rabbit.port(),
                        rabbit::exited, rabbit::close);
            }
            case "jetstream" -> new JetStream(new NatsServer(workDir.resolve("nats")).start());
            case "mqtt" -> {
                MosquittoServer mosquitto = new MosquittoServer(workDir.resolve("mosquitto")).start();
                yield new Running(name, Map.of("MQTT_URL", mosquitto.url()), "mosquitto (MQTT 3.1.1) at " + mosquitto.url(),
                        mosquitto::exited, mosquitto::close);
            }
            case "in-memory" -> new Running(name, Map.of(), "Dapr's in-memory pub/sub, inside each daprd", Optional::empty,
                    () -> { });
            default -> throw new DevStackException("no broker '" + name + "': components/ has " + String.join(", ", NAMES));
        };
    }

    /** A started broker and how to stop it. */
    record Running(String name, Map<String, String> daprEnv, String describe, Supplier<Optional<String>> died, Runnable stop)
            implements PubSubBroker {
        @Override
        public Optional<String> exited() {
            return died.get();
        }

        @Override
        public void close() {
            stop.run();
        }
    }
}
