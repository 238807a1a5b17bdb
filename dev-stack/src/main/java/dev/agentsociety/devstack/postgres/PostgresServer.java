package dev.agentsociety.devstack.postgres;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DebianPackages;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server from Debian's packages (installed by tools/install-packages.sh when missing): a fresh cluster
 * ({@code initdb}) in a temporary folder, on a free loopback port, trusting local connections, deleted by
 * {@link #close()}. PostgreSQL refuses to run as root; as root it runs as the package's {@code postgres} user.
 * fsync is off: a test server, like the dev stack's redis-server without persistence.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path logDir;
    private final int port = Ports.free();
    private Path dataDir;
    private ChildProcess process;

    public PostgresServer(Path logDir) {
        this.logDir = logDir.toAbsolutePath();
    }

    public synchronized PostgresServer start() {
        if (process != null) {
            return this;
        }
        Path bin = DebianPackages.ensure("postgresql", PostgresServer::installedBin);
        try {
            initdb(bin);
            process = ChildProcess.start("postgres", asServerUser(List.of(bin.resolve("postgres").toString(),
                            "-D", dataDir.toString(), "-p", Integer.toString(port),
                            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dataDir,
                            "-c", "fsync=off", "-c", "max_connections=50")),
                    Map.of(), dataDir, logDir.resolve("postgres-" + port + ".log"));
            process.awaitReady("PostgreSQL on port " + port, Duration.ofSeconds(30), () -> ready(bin));
        } catch (RuntimeException e) {
            close(); // nothing left behind: no server, no data folder
            throw e;
        }
        return this;
    }

    /** A fresh cluster in a temporary folder, under /tmp rather than the build folder: the postgres user must reach it. */
    private void initdb(Path bin) {
        try {
            dataDir = Files.createTempDirectory("agent-society-pg-" + port + "-");
            handOverToPostgresUser(dataDir);
            int exit = ChildProcess.runEchoing(asServerUser(List.of(bin.resolve("initdb").toString(),
                    "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")));
            if (exit != 0) {
                throw new DevStackException("initdb in " + dataDir + " failed (exit " + exit + ", output above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while creating a PostgreSQL cluster", e);
        }
    }

    /** A libpq keyword/value connection string, the form Dapr's state.postgresql takes. */
    public String connectionString() {
        return "host=127.0.0.1 port=" + port + " user=postgres dbname=postgres sslmode=disable";
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
            dataDir = null;
        }
    }

    private boolean ready(Path bin) {
        try {
            Process check = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                    "-p", Integer.toString(port)).redirectErrorStream(true).start();
            return check.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The newest installed server's bin folder, e.g. /usr/lib/postgresql/15/bin. */
    private static Optional<Path> installedBin() {
        if (!Files.isDirectory(VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> versionNumber(bin.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionNumber(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, run as the postgres user when this JVM is root (setpriv execs it: the pid stays the server's). */
    private static List<String> asServerUser(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void handOverToPostgresUser(Path dir) throws IOException {
        if (!root()) {
            return;
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("postgres"));
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        view.setGroup(group);
    }
}
