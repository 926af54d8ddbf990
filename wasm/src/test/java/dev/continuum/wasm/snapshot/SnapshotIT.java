package dev.continuum.wasm.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.LocalMessageBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot taken here and restored in a separate JVM continues with identical results. */
class SnapshotIT {

    @Test
    void anotherJvmRestoresTheSnapshotAndComputesTheSameResults(@TempDir Path dir) throws Exception {
        var broker = new LocalMessageBroker();
        var grant = Capabilities.none().withMessaging(broker, List.of(), List.of("commands/#"));
        Path here = Files.createDirectory(dir.resolve("here"));
        Path there = Files.createDirectory(dir.resolve("there"));
        Files.writeString(here.resolve("input.txt"), "snapshot");
        try (var engine = new WasmEngine(WasmEngineOptions.defaults());
                var counter = engine.instantiate(
                        engine.load(Fixtures.bytes("counter.wasm")),
                        WasiInvocation.of("counter").withPreopen("/data", here),
                        grant)) {
            CounterWorkload.drive(counter, 11, 30_000);
            counter.call("open_files");
            counter.call("next_byte");
            counter.call("next_byte");
            counter.call("listen");
            broker.publish("commands/ping", "payload".getBytes(StandardCharsets.UTF_8));
            Path file = dir.resolve("counter.snapshot");
            Files.write(file, SnapshotCodec.encode(counter.snapshot()));
            Files.copy(here.resolve("input.txt"), there.resolve("input.txt"));
            Files.copy(here.resolve("out.log"), there.resolve("out.log"));

            String java = ProcessHandle.current().info().command().orElse("java");
            var process = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            SnapshotWorker.class.getName(),
                            file.toString(),
                            "12",
                            "5000",
                            there.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("the second JVM finished")
                    .isTrue();
            assertThat(process.exitValue()).as("second JVM output: %s", output).isZero();

            var expected = new ArrayList<String>();
            expected.add("take " + counter.call("take").i32());
            expected.add("byte " + counter.call("next_byte").i32());
            expected.add("logged " + counter.call("log_value", 42).i32());
            CounterWorkload.drive(counter, 12, 5000).forEach(result -> expected.add(Long.toString(result)));
            assertThat(output.lines().toList()).isEqualTo(expected);
            assertThat(expected.get(1)).as("the third byte of the open input").isEqualTo("byte " + (int) 'a');
            assertThat(Files.readString(there.resolve("out.log")))
                    .as("the second JVM appended to its copy")
                    .isEqualTo("42\n");
        }
    }
}
