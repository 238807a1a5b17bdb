package dev.agentsociety.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test JVM killed with SIGKILL runs no shutdown hook. Its broker notices the parent is gone and stops by itself;
 * its daprd is stopped by the JVM's {@link ChildReaper}, which then ends too — nobody has to start another run.
 */
class KilledTestRunIT {

    @TempDir
    Path dir;

    @Test
    void nothingOutlivesAKilledRun() throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dagentsociety.repo=" + Repo.root(),
                OrphanProbe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            long brokerPid;
            long daprdPid;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
                Pattern pids = Pattern.compile("broker=(\\d+) daprd=(\\d+)");
                Matcher match = pids.matcher("");
                String line = out.readLine();
                while (line != null && !match.reset(line).find()) {
                    line = out.readLine();
                }
                assertThat(line).as("the probe printed its children's pids").isNotNull();
                brokerPid = Long.parseLong(match.group(1));
                daprdPid = Long.parseLong(match.group(2));
            }
            assertThat(alive(brokerPid)).isTrue();
            assertThat(alive(daprdPid)).isTrue();
            assertThat(reapersOf(probe.pid())).as("the probe's reaper waits for it").isEqualTo(1);

            probe.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs

            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(brokerPid));
            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(daprdPid));
            await().atMost(Duration.ofSeconds(30)).until(() -> reapersOf(probe.pid()) == 0);
        } finally {
            probe.destroyForcibly(); // a failed assertion leaves no probe behind
        }
    }

    private static long reapersOf(long ownerPid) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(c -> c.contains(ChildReaper.class.getName() + " " + ownerPid)).isPresent()).count();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
