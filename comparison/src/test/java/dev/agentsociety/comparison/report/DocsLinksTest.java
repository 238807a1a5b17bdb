package dev.agentsociety.comparison.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.devstack.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every relative link in README.md and docs/ leads to a file of the repository (an anchor to a heading there). */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path doc : DocTables.documents()) {
            Matcher link = LINK.matcher(Files.readString(doc));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                String[] fileAndAnchor = target.split("#", 2);
                Path file = fileAndAnchor[0].isEmpty() ? doc : doc.getParent().resolve(fileAndAnchor[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(Repo.root().relativize(doc) + ": " + target + " (no such file)");
                } else if (fileAndAnchor.length > 1 && Files.isRegularFile(file) && !anchors(file).contains(fileAndAnchor[1])) {
                    broken.add(Repo.root().relativize(doc) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, spaces to dashes, punctuation dropped. */
    private static List<String> anchors(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .toList();
    }
}
