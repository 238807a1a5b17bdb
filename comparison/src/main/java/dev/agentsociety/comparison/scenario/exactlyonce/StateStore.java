package dev.agentsociety.comparison.scenario.exactlyonce;

import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.postgres.PostgresServer;
import dev.agentsociety.devstack.broker.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The ledger's state stores, one folder each under {@code components/state/} (a component named {@code ledger-store},
 * its address in LEDGER_STORE), and what each needs running: a file, or a server from Debian's packages.
 */
public enum StateStore {
    SQLITE, POSTGRESQL, REDIS;

    /** A store ready for a daprd: its folder, and the value of LEDGER_STORE. */
    public interface Running extends AutoCloseable {
        StateStore kind();

        String address();

        @Override
        void close();
    }

    public Path folder() {
        return Repo.components("state/" + name().toLowerCase(Locale.ROOT));
    }

    /** A fresh, empty store; closing it stops its server or deletes its file. */
    public Running start(Path workDir) {
        StateStore kind = this;
        switch (this) {
            case SQLITE: {
                Path file = workDir.toAbsolutePath().resolve("ledger-" + System.nanoTime() + ".db");
                try {
                    Files.createDirectories(workDir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return running(kind, file.toString(), () -> {
                    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                        Files.deleteIfExists(Path.of(file + suffix));
                    }
                });
            }
            case POSTGRESQL: {
                PostgresServer server = new PostgresServer(workDir).start();
                return running(kind, server.connectionString(), server::close);
            }
            case REDIS: {
                RedisServer server = new RedisServer(workDir).start();
                return running(kind, server.hostAndPort(), server::close);
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    private interface Stop {
        void stop() throws IOException;
    }

    private static Running running(StateStore kind, String address, Stop stop) {
        return new Running() {
            @Override
            public StateStore kind() {
                return kind;
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public void close() {
                try {
                    stop.stop();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
