package dev.continuum.bench.wasm;

import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs CPU-bound WASI programs on Continuum's engine the way {@code run-node.mjs} runs them on
 * Node.js: compile once, then a fresh instance and {@code _start} per run; warm-up runs first.
 * Prints one JSON line per program: {@code {"program", "ms": [...], "cpu_ms": [...], "output"}}, where
 * {@code cpu_ms} is the CPU time of the running thread (less disturbed than wall time when other
 * processes compete for the cores).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.continuum.bench.wasm.EngineThroughputBench
 * <dir of .wasm> <warmup> <runs> program...}
 */
public final class EngineThroughputBench {
    private EngineThroughputBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        try (var engine = new WasmEngine(WasmEngineOptions.defaults().withMaxMemoryPages(16384))) {
            for (int p = 3; p < args.length; p++) {
                String program = args[p];
                var module = engine.load(Files.readAllBytes(dir.resolve(program + ".wasm")));
                var times = new StringBuilder();
                var cpu = new StringBuilder();
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                String output = "";
                for (int i = 0; i < warmup + runs; i++) {
                    var out = new ByteArrayOutputStream();
                    var invocation = WasiInvocation.of(program)
                            .withStdio(InputStream.nullInputStream(), out, OutputStream.nullOutputStream());
                    long started = System.nanoTime();
                    long startedCpu = threads.getCurrentThreadCpuTime();
                    var status = engine.run(module, invocation);
                    double ms = (System.nanoTime() - started) / 1e6;
                    double cpuMs = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e6;
                    if (!status.success()) {
                        throw new IllegalStateException(program + " failed: " + status);
                    }
                    output = out.toString(StandardCharsets.UTF_8);
                    if (i >= warmup) {
                        times.append(times.isEmpty() ? "" : ",").append(String.format("%.3f", ms));
                        cpu.append(cpu.isEmpty() ? "" : ",").append(String.format("%.3f", cpuMs));
                    }
                }
                System.out.printf(
                        "{\"program\":\"%s\",\"ms\":[%s],\"cpu_ms\":[%s],\"output\":\"%s\"}%n",
                        program,
                        times,
                        cpu,
                        output.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\""));
            }
        }
    }
}
