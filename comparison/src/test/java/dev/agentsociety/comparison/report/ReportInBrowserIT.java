package dev.agentsociety.comparison.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.devstack.DebianPackages;
import dev.agentsociety.devstack.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The report as a reader sees it: report.html of the committed comparison run opened in Debian's Chromium (installed
 * when missing), driven by Selenium through chromedriver — the verdict table and the charts must render — and a
 * screenshot saved next to it ({@code comparison/target/comparison/report-in-browser/}).
 */
class ReportInBrowserIT {

    private static final Path RESULTS = Repo.root().resolve("docs/results/2026-12-02/all-scenarios/results.json");

    @Test
    void theVerdictAndTheChartsRenderInABrowser() throws Exception {
        Path chromium = DebianPackages.ensure("chromium", Path.of("/usr/bin/chromium"));
        Path chromedriver = DebianPackages.ensure("chromium-driver", Path.of("/usr/bin/chromedriver"));
        Path dir = ScenarioResult.SUITE_RESULTS.resolve("report-in-browser").toAbsolutePath();
        Files.createDirectories(dir);
        Path html = dir.resolve("report.html");
        Files.writeString(html, new Report(Results.read(RESULTS)).html());

        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        // headless, as root here (no sandbox), a window tall enough for the whole page; the page fetches nothing
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,4000");
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(html.toUri().toString());

            assertThat(browser.getTitle()).isEqualTo("agent-society comparison");
            List<WebElement> verdict = browser.findElements(By.xpath("//h2[@id='verdict']/following-sibling::table[1]//tr"));
            int questions = new Verdict(Results.read(RESULTS)).rows().size();
            assertThat(verdict).as("the verdict table: a header and a row per question").hasSize(questions + 1);
            assertThat(verdict.get(1).findElements(By.tagName("td"))).extracting(WebElement::getText)
                    .startsWith("throughput: answered signups per s at max");
            assertThat(verdict.subList(1, verdict.size())).extracting(row -> row.findElements(By.tagName("td")).get(3).getText())
                    .as("each question won by a variant or tied").allMatch(w -> List.of("direct-kafka", "dapr", "tie").contains(w));

            // the charts: throughput, a latency distribution per run label that has one, CPU and memory
            List<ScenarioResult> runs = Results.read(RESULTS).results();
            Set<String> measuredThroughput = new LinkedHashSet<>();
            Set<String> measuredLatency = new LinkedHashSet<>();
            runs.forEach(run -> {
                if (run.throughputPerSec() != null) {
                    measuredThroughput.add(Report.label(run));
                }
                if (run.latencyPercentiles() != null && !run.latencyPercentiles().isEmpty()) {
                    measuredLatency.add(Report.label(run));
                }
            });
            List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).as("throughput, latency per run label, CPU, memory").hasSize(3 + measuredLatency.size());
            for (WebElement chart : charts) {
                assertThat(chart.getSize().getWidth()).as("a chart laid out on the page").isGreaterThan(300);
                assertThat(texts(chart)).as("a legend naming both variants").contains("direct-kafka", "dapr");
            }
            List<String> throughput = texts(charts.get(0));
            assertThat(throughput).as("the throughput chart's title").contains("throughput against offered rate");
            // a bar per run that measured throughput, and none for those that did not (poison): no bar, not a 0
            assertThat(throughput).containsAll(measuredThroughput);
            runs.forEach(run -> {
                if (!measuredThroughput.contains(Report.label(run))) {
                    assertThat(throughput).doesNotContain(Report.label(run));
                }
            });
            assertThat(charts.subList(1, 1 + measuredLatency.size())).extracting(chart -> texts(chart).get(0))
                    .as("one latency chart per run label").containsExactlyElementsOf(measuredLatency.stream()
                            .map(label -> "latency by percentile: " + label).toList());
            for (WebElement latency : charts.subList(1, 1 + measuredLatency.size())) {
                // the percentile axis reaches the tail: its decades are labelled up to 99.9 % and beyond
                assertThat(texts(latency)).as("the percentile axis").contains("90%", "99%", "99.9%");
            }

            Path screenshot = dir.resolve("report.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            byte[] png = Files.readAllBytes(screenshot);
            assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            assertThat(png.length).as("a page's worth of pixels").isGreaterThan(20_000);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** The chart's text elements (title first, then axes, labels, legend), as the browser laid them out. */
    private static List<String> texts(WebElement chart) {
        return chart.findElements(By.cssSelector("text")).stream().map(text -> text.getAttribute("textContent").strip())
                .filter(text -> !text.isEmpty()).toList();
    }
}
