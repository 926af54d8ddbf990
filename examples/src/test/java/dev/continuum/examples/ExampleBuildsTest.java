package dev.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed example module is what its sources build to, so users can trust it without a toolchain. */
class ExampleBuildsTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> folders = Files.list(ExamplesFolder.root())) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve("build.sh")))
                    .sorted()
                    .toList();
        }
    }

    private static boolean wasiToolchainPresent() {
        return Files.isExecutable(Path.of("/usr/bin/clang"))
                && Files.isDirectory(Path.of("/usr/include/wasm32-wasi"))
                && Files.isDirectory(Path.of("/usr/lib/wasm32-wasi"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theCommittedModuleMatchesAFreshBuild(Path example, @TempDir Path out) throws Exception {
        assumeTrue(
                wasiToolchainPresent(),
                "clang and wasi-libc are not installed (apt-get install clang lld wasi-libc); skipping the rebuild check");
        String name = example.getFileName().toString();
        Path built = out.resolve(name + ".wasm");

        var process = new ProcessBuilder("sh", example.resolve("build.sh").toString(), built.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("build.sh finished")
                .isTrue();

        assertThat(process.exitValue()).as("build.sh output: %s", output).isZero();
        assertThat(Files.readAllBytes(built))
                .as("examples/%s/%s.wasm is stale: run examples/%s/build.sh and commit the result", name, name, name)
                .isEqualTo(Files.readAllBytes(example.resolve(name + ".wasm")));
    }
}
