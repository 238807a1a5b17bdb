package dev.agentsociety.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reaping what a killed run left behind kills that process, and never one that merely has its pid now. */
class ChildProcessReapTest {

    private Process sleeper;

    @AfterEach
    void stop() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    /** A record as a killed JVM leaves it: an owner that is gone, the child's command and its start time. */
    private Path recordOf(Process child, String childStart) throws Exception {
        Process owner = new ProcessBuilder("true").start();
        owner.waitFor(10, TimeUnit.SECONDS);
        Files.createDirectories(ChildProcess.PID_DIR);
        Path record = ChildProcess.PID_DIR.resolve(Long.toString(child.pid()));
        String command = child.info().commandLine().orElseThrow(); // as ChildProcess records it: the program's path first
        Files.writeString(record, owner.pid() + " 2026-01-01T00:00:00Z\n" + command + "\n" + childStart);
        return record;
    }

    @Test
    void aLeftoverChildIsKilled() throws Exception {
        sleeper = new ProcessBuilder("sleep", "30").start();
        Path record = recordOf(sleeper, ChildProcess.startOf(sleeper.toHandle()));

        ChildProcess.reapLeftovers();

        assertThat(sleeper.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).as("the leftover is stopped").isTrue();
        assertThat(record).doesNotExist();
    }

    @Test
    void aProcessThatGotTheRecordedPidLaterIsSpared() throws Exception {
        sleeper = new ProcessBuilder("sleep", "30").start();
        // the record says the child started at another time: this sleep only has its pid now
        Path record = recordOf(sleeper, "2026-01-01T00:00:00Z");

        ChildProcess.reapLeftovers();

        assertThat(sleeper.isAlive()).as("a stranger with a reused pid").isTrue();
        assertThat(record).as("the stale record is gone").doesNotExist();
    }
}
