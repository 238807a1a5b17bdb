package dev.agentsociety.devstack.dapr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.devstack.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/dapr/install.sh on a machine with neither a Dapr install nor Go: one clear message, no half install. */
class InstallScriptTest {

    @TempDir
    Path runtimePath;

    @Test
    void withoutGoItNamesWhatIsMissingAndTheVersionNeeded() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Repo.root().resolve("tools/dapr/install.sh").toString())
                .redirectErrorStream(true);
        builder.environment().put("DAPR_RUNTIME_PATH", runtimePath.toString());
        builder.environment().put("PATH", "/usr/bin:/bin"); // no Go toolchain, no dapr CLI on it
        Process install = builder.start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(install.waitFor()).isEqualTo(1);
        assertThat(output).contains("no Dapr install in " + runtimePath.resolve(".dapr") + " and no 'go' on PATH")
                .containsPattern("install Go 1\\.\\d+(\\.\\d+)? or newer");
        assertThat(runtimePath.resolve(".dapr/bin/daprd")).doesNotExist();
    }

    @Test
    void aBadFlagGetsTheUsage() throws Exception {
        Process install = new ProcessBuilder("bash", Repo.root().resolve("tools/dapr/install.sh").toString(), "--bogus")
                .redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor()).isEqualTo(2);
        assertThat(output).contains("usage:").contains("[--force]");
    }
}
