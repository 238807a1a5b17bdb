package dev.agentsociety.devstack.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.devstack.DevStackException;
import java.net.InetAddress;
import java.net.ServerSocket;

import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broker from Debian's packages starts on its own port, answers its protocol's greeting, and is gone after close. */
class LoopbackServersIT {

    @TempDir
    static Path dir;

    static Stream<LoopbackServer<?>> servers() {
        return Stream.of(new RedisServer(dir.resolve("redis")), new NatsServer(dir.resolve("nats")),
                new MosquittoServer(dir.resolve("mosquitto")), new RabbitMqServer(dir.resolve("rabbitmq")));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void startsAnswersAndStops(LoopbackServer<?> server) {
        Instant started = Instant.now();
        try (server) {
            server.start();
            assertThat(server.ready()).as("%s answers on %d", server.getClass().getSimpleName(), server.port()).isTrue();
        }
        assertThat(server.ready()).as("gone after close").isFalse();
        // nothing it started outlives it: RabbitMQ left alone starts Erlang's epmd as a daemon
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().startInstant().map(started::isBefore).orElse(false))
                .map(p -> p.info().commandLine().orElse(""))
                .filter(command -> command.matches(".*(epmd|beam|nats-server|mosquitto|redis-server).*")))
                .as("processes left running").isEmpty();
    }

    @Test
    void aServerThatDiesMidRunSaysSoWithItsPortAndExitCode() {
        try (RedisServer redis = new RedisServer(dir.resolve("dies")).start()) {
            assertThat(redis.exited()).as("while it runs").isEmpty();
            ProcessHandle server = redis.handle();
            server.destroyForcibly();
            server.onExit().join();
            assertThat(redis.exited()).get().asString().contains("redis-server (port " + redis.port() + ") exited with code");
        }
    }

    @Test
    void aPortTakenByAnotherProcessIsNamed() throws Exception {
        RedisServer redis = new RedisServer(dir.resolve("clash"));
        try (ServerSocket taken = new ServerSocket(redis.port(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(redis::start).isInstanceOf(DevStackException.class)
                    .hasMessageContaining("redis-server on port " + redis.port())
                    .hasMessageContaining("that port is already taken by another process");
        } finally {
            redis.close();
        }
    }
}
