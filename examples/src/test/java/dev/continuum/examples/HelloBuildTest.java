package dev.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed hello.wasm is what its sources build to, so users can trust it without a toolchain. */
class HelloBuildTest {

    private static boolean wasiToolchainPresent() {
        return Files.isExecutable(Path.of("/usr/bin/clang"))
                && Files.isDirectory(Path.of("/usr/include/wasm32-wasi"))
                && Files.isDirectory(Path.of("/usr/lib/wasm32-wasi"));
    }

    @Test
    void theCommittedModuleMatchesAFreshBuild(@TempDir Path out) throws Exception {
        assumeTrue(
                wasiToolchainPresent(),
                "clang and wasi-libc are not installed (apt-get install clang lld wasi-libc); skipping the rebuild check");
        Path hello = ExamplesFolder.root().resolve("hello");
        Path built = out.resolve("hello.wasm");

        var process = new ProcessBuilder("sh", hello.resolve("build.sh").toString(), built.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("build.sh finished")
                .isTrue();

        assertThat(process.exitValue()).as("build.sh output: %s", output).isZero();
        assertThat(Files.readAllBytes(built))
                .as("examples/hello/hello.wasm is stale: run examples/hello/build.sh and commit the result")
                .isEqualTo(Files.readAllBytes(hello.resolve("hello.wasm")));
    }
}
