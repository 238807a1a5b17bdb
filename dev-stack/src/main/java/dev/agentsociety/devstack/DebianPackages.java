package dev.agentsociety.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Servers from Debian's packages (redis-server, PostgreSQL): installed by tools/install-packages.sh when missing. */
public final class DebianPackages {

    private DebianPackages() {
    }

    /** Installs {@code pkg} unless {@code binary} is there already; says how to fix it when that fails. */
    public static Path ensure(String pkg, Path binary) {
        return ensure(pkg, () -> Optional.of(binary).filter(Files::isExecutable));
    }

    /** Installs {@code pkg} unless {@code locate} finds what it provides; returns what it found. */
    public static Path ensure(String pkg, Supplier<Optional<Path>> locate) {
        Optional<Path> found = locate.get();
        if (found.isPresent()) {
            return found.get();
        }
        Path script = Repo.root().resolve("tools/install-packages.sh");
        try {
            int exit = ChildProcess.runEchoing(List.of("bash", script.toString(), pkg));
            return locate.get().filter(installed -> exit == 0).orElseThrow(() -> new DevStackException(pkg
                    + " is missing and installing it failed (see above). Fix: sudo apt-get install -y " + pkg));
        } catch (IOException e) {
            throw new DevStackException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while installing " + pkg, e);
        }
    }
}
