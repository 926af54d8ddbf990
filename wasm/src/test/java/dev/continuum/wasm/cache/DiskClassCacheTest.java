package dev.continuum.wasm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.compile.ModuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskClassCacheTest {

    private static Path onlyEntry(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            var entries = files.filter(p -> p.getFileName().toString().endsWith(".classes"))
                    .toList();
            assertThat(entries).hasSize(1);
            return entries.getFirst();
        }
    }

    @Test
    void aRestartedEngineUsesTheClassesCompiledBeforeInsteadOfCompilingAgain(@TempDir Path cache) throws Exception {
        var options = WasmEngineOptions.defaults().withCacheDir(cache);
        try (var first = new WasmEngine(options)) {
            first.load(Fixtures.bytes("probe.wasm"));
            assertThat(first.diskCache().misses()).isEqualTo(1);
        }
        Path entry = onlyEntry(cache);
        assertThat(entry.getParent().getFileName().toString())
                .isEqualTo("endive-" + run.endive.wasm.Version.version() + "-" + ModuleCompiler.PROFILE)
                .matches("endive-.*-flat-access-[0-9a-f]{12}");
        assertThat(entry.getFileName().toString()).startsWith("sha256-");

        try (var restarted = new WasmEngine(options)) {
            var module = restarted.load(Fixtures.bytes("probe.wasm"));

            assertThat(restarted.diskCache().hits()).isEqualTo(1);
            assertThat(restarted.diskCache().misses()).isZero();
            assertThat(Fixtures.run(restarted, module, dev.continuum.wasm.WasiInvocation.of("probe", "hello"))
                            .stdout())
                    .isEqualTo("hello from probe\n");
        }
    }

    @Test
    void ignoresACorruptEntryCompilesAgainAndRewritesIt(@TempDir Path cache) throws Exception {
        var options = WasmEngineOptions.defaults().withCacheDir(cache);
        try (var first = new WasmEngine(options)) {
            first.load(Fixtures.bytes("probe.wasm"));
        }
        Path entry = onlyEntry(cache);
        byte[] good = Files.readAllBytes(entry);
        byte[] corrupt = good.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        Files.write(entry, corrupt);

        try (var restarted = new WasmEngine(options)) {
            var module = restarted.load(Fixtures.bytes("probe.wasm"));

            assertThat(restarted.diskCache().corruptEntries()).isEqualTo(1);
            assertThat(Fixtures.run(restarted, module, dev.continuum.wasm.WasiInvocation.of("probe", "hello"))
                            .status()
                            .success())
                    .isTrue();
        }
        assertThat(DiskClassCache.decode(Files.readAllBytes(onlyEntry(cache))))
                .as("rewritten entry is valid")
                .isNotNull();
    }

    @Test
    void treatsATruncatedEntryAsAbsent(@TempDir Path cache) throws Exception {
        var disk = new DiskClassCache(cache, "test");
        disk.putIfAbsent("sha-256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", new byte[] {1, 2, 3, 4, 5});
        Path entry = disk.entryFor("sha-256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(disk.get("sha-256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .containsExactly(1, 2, 3, 4, 5);

        Files.write(entry, java.util.Arrays.copyOf(Files.readAllBytes(entry), 20));

        assertThat(disk.get("sha-256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .isNull();
        assertThat(entry).doesNotExist();
        try (Stream<Path> left = Files.list(disk.folder())) {
            assertThat(left).as("no temporary files left behind").isEmpty();
        }
    }

    @Test
    void namesEntriesSafelyWhateverTheKey() throws Exception {
        var disk = new DiskClassCache(Path.of("/nonexistent"), "1.0.0");

        assertThat(disk.entryFor("../../etc/passwd").getFileName().toString()).matches("key-[0-9a-f]{64}\\.classes");
        assertThat(disk.entryFor("../../etc/passwd").getParent()).isEqualTo(disk.folder());
    }
}
