package dev.continuum.wasm;

import static dev.continuum.wasm.Fixtures.bytes;
import static dev.continuum.wasm.Fixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.ExitStatus.Outcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmEngineTest {
    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void runsAWasiCommandAndCapturesItsOutput() {
        var run = probe(engine, "hello");

        assertThat(run.status().success()).isTrue();
        assertThat(run.status().outcome()).isEqualTo(Outcome.EXITED);
        assertThat(run.stdout()).isEqualTo("hello from probe\n");
    }

    @Test
    void givesTheGuestItsArgumentsAndOnlyItsOwnEnvironment() {
        var module = engine.load(bytes("probe.wasm"));

        var args = Fixtures.run(engine, module, WasiInvocation.of("probe", "args", "two words", "3"));
        var env = Fixtures.run(engine, module, WasiInvocation.of("probe", "env").withEnv(Map.of("GREETING", "hi")));

        assertThat(args.stdout()).isEqualTo("probe\nargs\ntwo words\n3\n");
        assertThat(env.stdout()).isEqualTo("GREETING=hi\n");
    }

    @Test
    void streamsStdinToTheGuest() {
        var module = engine.load(bytes("probe.wasm"));
        byte[] input = "line one\nline two\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        var invocation = WasiInvocation.of("probe", "cat")
                .withStdio(
                        new ByteArrayInputStream(input),
                        java.io.OutputStream.nullOutputStream(),
                        java.io.OutputStream.nullOutputStream());

        var run = Fixtures.run(engine, module, invocation);

        assertThat(run.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(input);
    }

    @Test
    void reportsTheGuestsExitCodeAsAValue() {
        var run = probe(engine, "exit", "42");

        assertThat(run.status())
                .extracting(ExitStatus::code, ExitStatus::trap, ExitStatus::outcome)
                .containsExactly(42, null, Outcome.EXITED);
        assertThat(run.status().success()).isFalse();
    }

    @Test
    void turnsATrapIntoAValue() {
        var run = probe(engine, "trap");

        assertThat(run.status().outcome()).isEqualTo(Outcome.TRAPPED);
        assertThat(run.status().code()).isEqualTo(ExitStatus.TRAP_CODE);
        assertThat(run.status().trap()).contains("unreachable");
    }

    @Test
    void endsAnEndlessRecursionOnTheWasmStackCleanlyAndStaysHealthy() {
        var module = engine.load(bytes("deep.wasm"));

        var status = engine.run(module, WasiInvocation.of("deep"));

        assertThat(status.outcome()).isEqualTo(Outcome.STACK_EXHAUSTED);
        assertThat(status.trap()).contains("call stack exhausted");
        assertThat(probe(engine, "hello").status().success()).isTrue();
    }

    @Test
    void trapsWhenCCodeOverrunsItsShadowStackInLinearMemory() {
        // clang keeps C frames in linear memory below the data; running off its end is a trap.
        var run = probe(engine, "recurse", "2000000000");

        assertThat(run.status().outcome()).isEqualTo(Outcome.TRAPPED);
        assertThat(run.status().trap()).contains("out of bounds memory access");
    }

    @Test
    void capsWhatTheGuestMayWriteAndKeepsTheOutputUpToTheCap() {
        try (var small = new WasmEngine(WasmEngineOptions.defaults().withMaxOutputBytes(10_000))) {
            var run = probe(small, "spew", "100000");

            assertThat(run.status().outcome()).isEqualTo(Outcome.OUTPUT_LIMIT);
            assertThat(run.status().trap()).contains("10000 bytes to stdout");
            assertThat(run.stdout()).hasSize(10_000);
            assertThat(probe(small, "spew", "5000").status().success()).isTrue();
        }
    }

    @Test
    void preopensAFolderAndKeepsTheGuestInsideIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("note.txt"), "kept on the host");
        Files.writeString(dir.getParent().resolve("secret-" + dir.getFileName() + ".txt"), "outside");
        var module = engine.load(bytes("probe.wasm"));

        var inside = Fixtures.run(
                engine,
                module,
                WasiInvocation.of("probe", "read", "/data/note.txt").withPreopen("/data", dir));
        var escape = Fixtures.run(
                engine,
                module,
                WasiInvocation.of("probe", "read", "/data/../secret-" + dir.getFileName() + ".txt")
                        .withPreopen("/data", dir));
        var written = Fixtures.run(
                engine,
                module,
                WasiInvocation.of("probe", "write", "/data/out.txt", "from the guest")
                        .withPreopen("/data", dir));

        assertThat(inside.stdout()).isEqualTo("kept on the host");
        assertThat(escape.status().code()).isEqualTo(2);
        assertThat(escape.stdout()).startsWith("cannot open");
        assertThat(written.status().success()).isTrue();
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("from the guest");
    }

    @Test
    void appendsToTheEndOfAFileOpenedForAppendingWhereverItSeeks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("log.txt"), "first\n");
        var module = engine.load(bytes("probe.wasm"));

        var run = Fixtures.run(
                engine,
                module,
                WasiInvocation.of("probe", "append", "/data/log.txt", "second\n")
                        .withPreopen("/data", dir));

        assertThat(run.status().success()).as(run.stdout()).isTrue();
        assertThat(Files.readString(dir.resolve("log.txt"))).isEqualTo("first\nsecond\n");
    }

    @Test
    void doesNotFollowASymlinkOutOfAPreopenedFolder(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectory(root.resolve("instance"));
        Path secret = Files.writeString(root.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(dir.resolve("escape"), secret);
        Files.createSymbolicLink(dir.resolve("up"), root);
        var module = engine.load(bytes("probe.wasm"));

        var viaFile = Fixtures.run(
                engine,
                module,
                WasiInvocation.of("probe", "read", "/data/escape").withPreopen("/data", dir));
        var viaFolder = Fixtures.run(
                engine,
                module,
                WasiInvocation.of("probe", "read", "/data/up/secret.txt").withPreopen("/data", dir));

        assertThat(viaFile.stdout()).doesNotContain("outside").startsWith("cannot open");
        assertThat(viaFolder.stdout()).doesNotContain("outside").startsWith("cannot open");
    }

    @Test
    void givesTheGuestTheHostsClocksAndFreshRandomness() {
        var clock = probe(engine, "clock");
        var first = probe(engine, "random");
        var second = probe(engine, "random");

        String[] seconds = clock.stdout().strip().split(" ");
        assertThat(Long.parseLong(seconds[0]))
                .as("realtime seconds")
                .isBetween(java.time.Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(), Long.MAX_VALUE);
        assertThat(Long.parseLong(seconds[1])).as("monotonic seconds").isNotNegative();
        assertThat(first.stdout()).matches("[0-9a-f]{32}\n");
        assertThat(first.stdout()).isNotEqualTo(second.stdout());
    }

    @Test
    void sleepsForAsLongAsTheGuestAsks() {
        var run = probe(engine, "sleep-ms", "120");

        assertThat(run.stdout()).isEqualTo("slept\n");
        assertThat(run.status().elapsed()).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(120));
    }

    @Test
    void reportsAModuleWithoutStartAsAStartFailure() {
        byte[] reactor = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        var module = engine.load(reactor);

        var status = engine.run(module, WasiInvocation.of("empty"));

        assertThat(status.outcome()).isEqualTo(Outcome.START_FAILED);
        assertThat(status.trap()).contains("no _start");
    }

    @Test
    void loadsTheSameBytesOnceAndNamesThemByDigest() {
        var first = engine.load(bytes("probe.wasm"));
        var second = engine.load(bytes("probe.wasm"));

        assertThat(second).isSameAs(first);
        assertThat(first.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(first.size()).isEqualTo(bytes("probe.wasm").length);
        assertThat(first.imports()).anySatisfy(i -> assertThat(i.name()).isEqualTo("fd_write"));
    }
}
