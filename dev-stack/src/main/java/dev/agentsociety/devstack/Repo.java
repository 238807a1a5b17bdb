package dev.agentsociety.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top folder (the one with dapr.yaml), where components/ and tools/ live. */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("agentsociety.repo");
        if (configured != null && Files.isRegularFile(Path.of(configured, "dapr.yaml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dapr.yaml")) && Files.isDirectory(dir.resolve("components"))) {
                return dir;
            }
        }
        throw new DevStackException("cannot find the repository (a folder with dapr.yaml and components/) above "
                + Path.of("").toAbsolutePath() + ": run from inside the repository or set -Dagentsociety.repo=DIR");
    }

    public static Path components(String broker) {
        Path dir = root().resolve("components").resolve(broker);
        if (!Files.isDirectory(dir)) {
            throw new DevStackException("no component folder " + dir + ": brokers available are the folders under "
                    + root().resolve("components"));
        }
        return dir;
    }
}
