package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain's packages as the architecture draws them: the society's events know nothing of the ledger or the
 * benchmark (the wire catalogue, {@link EventTypes}, sits above all three), and no two domain classes share a simple
 * name, so a reader never has to look at an import to know which {@code AccountOpened} is meant.
 */
class DomainStructureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/agentsociety/domain");

    @Test
    void theSocietysEventsImportNeitherTheLedgerNorTheBenchmark() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve("events"))) {
            for (Path file : files.toList()) {
                assertThat(Files.readAllLines(file)).as("%s", file.getFileName())
                        .noneMatch(line -> line.startsWith("import dev.agentsociety.domain.ledger.")
                                || line.startsWith("import dev.agentsociety.domain.bench."));
            }
        }
    }

    @Test
    void noTwoDomainClassesShareASimpleName() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            Map<String, List<Path>> byName = files.filter(f -> f.toString().endsWith(".java"))
                    .collect(Collectors.groupingBy(f -> f.getFileName().toString()));
            assertThat(byName).as("java files by name").hasSizeGreaterThan(30);
            assertThat(byName.values()).as("classes sharing a simple name").allMatch(same -> same.size() == 1);
        }
    }
}
