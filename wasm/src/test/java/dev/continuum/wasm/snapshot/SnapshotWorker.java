package dev.continuum.wasm.snapshot;

import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.LocalMessageBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The second JVM of {@link SnapshotIT}: restores the counter fixture from a snapshot file, drives
 * it with a seeded workload and prints one result per line. Arguments: snapshot file, seed, calls,
 * and the host folder to preopen as {@code /data} (a copy of the first JVM's).
 */
public final class SnapshotWorker {
    private SnapshotWorker() {}

    public static void main(String[] args) throws Exception {
        byte[] module;
        try (var in = SnapshotWorker.class.getResourceAsStream("/fixtures/counter.wasm")) {
            module = in.readAllBytes();
        }
        var snapshot = SnapshotCodec.decode(Files.readAllBytes(Path.of(args[0])));
        var grant = Capabilities.none().withMessaging(new LocalMessageBroker(), List.of(), List.of("commands/#"));
        try (var engine = new WasmEngine(WasmEngineOptions.defaults());
                var counter = engine.restore(
                        engine.load(module),
                        snapshot,
                        WasiInvocation.of("counter").withPreopen("/data", Path.of(args[3])),
                        grant)) {
            var out = new StringBuilder();
            for (int i = 0; i < snapshot.host().queued().size(); i++) {
                out.append("take ").append(counter.call("take").i32()).append('\n');
            }
            out.append("byte ").append(counter.call("next_byte").i32()).append('\n');
            out.append("logged ").append(counter.call("log_value", 42).i32()).append('\n');
            for (long result : CounterWorkload.drive(counter, Long.parseLong(args[1]), Integer.parseInt(args[2]))) {
                out.append(result).append('\n');
            }
            System.out.print(out);
        }
    }
}
