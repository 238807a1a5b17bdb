package dev.agentsociety.devstack.dapr;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Repo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where daprd, the scheduler, Sentry and the dapr CLI are: the layout {@code dapr init --slim} produces under {@code $DAPR_RUNTIME_PATH/.dapr}
 * (default {@code ~/.dapr}), with the Scheduler service {@code dapr run} expects. When they are missing, {@code tools/dapr/install.sh} builds them from the Go module proxy.
 */
public record DaprInstallation(Path root, Path daprd, Path scheduler, Path sentry, Path cli) {

    /** The same variable the dapr CLI reads: the folder holding {@code .dapr}. */
    public static final String RUNTIME_PATH_ENV = "DAPR_RUNTIME_PATH";

    private static DaprInstallation installed;

    /** Finds the installation, building and installing it first when it is missing (once per JVM). */
    public static synchronized DaprInstallation ensure() {
        if (installed == null) {
            Path root = defaultRoot();
            if (!works(root.resolve("bin/daprd"), "--version") || !Files.isExecutable(root.resolve("bin/scheduler"))
                    || !Files.isExecutable(root.resolve("bin/sentry")) || cliOf(root).isEmpty()) {
                runInstaller(root);
            }
            Path cli = cliOf(root).orElseThrow(() -> new DevStackException(
                    "the dapr CLI is still missing after tools/dapr/install.sh ran; see its output above"));
            installed = new DaprInstallation(root, root.resolve("bin/daprd"), root.resolve("bin/scheduler"),
                    root.resolve("bin/sentry"), cli);
        }
        return installed;
    }

    /** What {@code daprd --version} says: the runtime actually in use (tools/dapr/daprd/go.mod pins the one built). */
    public String daprdVersion() {
        try {
            Process p = new ProcessBuilder(daprd.toString(), "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return version;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    public static Path defaultRoot() {
        String runtimePath = System.getenv(RUNTIME_PATH_ENV);
        Path parent = runtimePath == null || runtimePath.isBlank() ? Path.of(System.getProperty("user.home")) : Path.of(runtimePath);
        return parent.resolve(".dapr");
    }

    private static Optional<Path> cliOf(Path root) {
        Path installedHere = root.resolve("bin/dapr");
        if (works(installedHere, "version")) {
            return Optional.of(installedHere);
        }
        // `dapr init` puts the CLI on PATH (e.g. /usr/local/bin/dapr) rather than in ~/.dapr/bin
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "dapr");
            if (!dir.isEmpty() && works(candidate, "version")) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void runInstaller(Path root) {
        Path script = Repo.root().resolve("tools/dapr/install.sh");
        System.out.println("[dev-stack] no complete Dapr install in " + root + ": installing what is missing with " + script);
        try {
            int exit = ChildProcess.runEchoing(List.of("bash", script.toString()));
            if (exit != 0) {
                throw new DevStackException("installing Dapr failed (" + script + " exited with " + exit
                        + "); its output above says why. Alternatively install Dapr with `dapr init --slim`.");
            }
        } catch (IOException e) {
            throw new DevStackException("cannot run " + script + ": " + e.getMessage() + " (is bash installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while installing Dapr", e);
        }
    }

    private static boolean works(Path binary, String arg) {
        if (!Files.isExecutable(binary)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(binary.toString(), arg).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
