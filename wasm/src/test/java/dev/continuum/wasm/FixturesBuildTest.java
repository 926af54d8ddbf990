package dev.continuum.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed test modules are what their sources build to (checked when the toolchains are installed). */
class FixturesBuildTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    @Test
    void theCommittedFixturesMatchAFreshBuild(@TempDir Path out) throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/clang"))
                        && Files.isDirectory(Path.of("/usr/lib/wasm32-wasi"))
                        && Files.isExecutable(Path.of("/usr/bin/wat2wasm")),
                "clang, wasi-libc or wabt is not installed (apt-get install clang lld wasi-libc wabt); skipping the rebuild check");

        var process = new ProcessBuilder(
                        "sh",
                        FIXTURES.resolve("build.sh").toString(),
                        out.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("build.sh: %s", output).isZero();

        try (Stream<Path> built = Files.list(out)) {
            var modules = built.toList();
            assertThat(modules).hasSizeGreaterThan(5);
            for (Path module : modules) {
                assertThat(Files.readAllBytes(module))
                        .as(
                                "%s is stale: run wasm/src/test/resources/fixtures/build.sh and commit",
                                module.getFileName())
                        .isEqualTo(Files.readAllBytes(FIXTURES.resolve(module.getFileName())));
            }
        }
    }
}
