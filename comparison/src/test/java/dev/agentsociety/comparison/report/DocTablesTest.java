package dev.agentsociety.comparison.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.devstack.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** Every results table in the docs is what its committed results file makes, and the README has them. */
class DocTablesTest {

    @Test
    void everyTableInTheDocsComesFromItsCommittedResults() throws Exception {
        int tables = 0;
        for (Path doc : DocTables.documents()) {
            String text = Files.readString(doc);
            Matcher block = DocTables.BLOCK.matcher(text);
            while (block.find()) {
                tables++;
                assertThat(block.group(3)).as("%s: results live under docs/results/", doc).startsWith("docs/results/");
                assertThat(Repo.root().resolve(block.group(3))).as("%s names a results file (or a folder of runs)", doc).exists();
                assertThat(block.group(4)).as("%s, table %s from %s: run ./compare docs", Repo.root().relativize(doc),
                        block.group(2), block.group(3)).isEqualTo(DocTables.render(block.group(2), block.group(3)));
            }
        }
        assertThat(tables).as("results tables in README.md and docs/").isGreaterThanOrEqualTo(3);
    }

    @Test
    void noFigureIsTypedByHandIntoATable() throws Exception {
        for (Path doc : DocTables.documents()) {
            assertThat(DocTables.handTypedFigures(Files.readString(doc)))
                    .as("%s: rows of figures outside a <!-- table NAME from PATH --> block", Repo.root().relativize(doc)).isEmpty();
        }
    }

    @Test
    void aRowOfFiguresOutsideAGeneratedTableIsFound() {
        String generated = "<!-- table poison from docs/results/2026-12-02/results.json -->\n| dapr | 256 | 0 |\n<!-- /table -->\n";
        String settings = "| `--rate N` | fan-out's offered rate, 1,000 by default |\n";
        String typed = "| fan-out | dapr | 2,151.7 | 35 ms | 2.1× |\n";

        assertThat(DocTables.handTypedFigures(generated + settings)).isEmpty();
        assertThat(DocTables.handTypedFigures(generated + settings + typed)).containsExactly(typed.strip());
    }

    @Test
    void aFigureTypedByHandIsFound() {
        String doc = "<!-- table poison from docs/results/2026-12-02/results.json -->\n| poison |\n|---|\n| made up |\n<!-- /table -->";
        Matcher block = DocTables.BLOCK.matcher(doc);

        assertThat(block.find()).isTrue();
        assertThat(block.group(4)).isNotEqualTo(DocTables.render(block.group(2), block.group(3)));
        assertThat(DocTables.renderAll(doc)).contains("| direct-kafka |").doesNotContain("made up");
    }
}
