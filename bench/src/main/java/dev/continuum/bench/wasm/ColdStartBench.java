package dev.continuum.bench.wasm;

import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Cold start of the hello function: a fresh instance plus a whole WAGI-style run of {@code _start}
 * (environment in, response out), p50/p99 over many runs:
 * <ul>
 *   <li>{@code excluded}: the module is already compiled (what a warm agent does per request);
 *       {@code excluded-prewarmed}: the same, taking an instance built ahead of time;</li>
 *   <li>{@code disk}: a new engine each time, compiled classes read from the disk cache (agent restart);</li>
 *   <li>{@code included}: a new engine each time, parse and compile included.</li>
 * </ul>
 * Usage: {@code ... ColdStartBench <hello.wasm> <runs excluded> <runs included> <cache dir>}.
 * Prints one JSON line per case, times in microseconds.
 */
public final class ColdStartBench {
    private ColdStartBench() {}

    private static final Map<String, String> ENV =
            Map.of("REQUEST_METHOD", "GET", "QUERY_STRING", "name=edge", "SCRIPT_NAME", "/fn/default/hello/greet");

    public static void main(String[] args) throws Exception {
        byte[] hello = Files.readAllBytes(Path.of(args[0]));
        int runs = Integer.parseInt(args[1]);
        int compileRuns = Integer.parseInt(args[2]);
        Path cacheDir = Path.of(args[3]);

        // Without pre-warmed instances (the default) and with two, in alternation so both see the same load.
        try (var unpooled = new WasmEngine(WasmEngineOptions.defaults());
                var pooled = new WasmEngine(WasmEngineOptions.defaults().withPrewarmedInstances(2))) {
            var pooledHello = pooled.load(hello);
            var unpooledHello = unpooled.load(hello);
            for (int i = 0; i < runs; i++) {
                once(pooled, pooledHello); // warm-up: as many runs as are measured
                once(unpooled, unpooledHello);
            }
            double[] withPool = new double[runs];
            double[] withoutPool = new double[runs];
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                once(pooled, pooledHello);
                withPool[i] = (System.nanoTime() - started) / 1e3;
                started = System.nanoTime();
                once(unpooled, unpooledHello);
                withoutPool[i] = (System.nanoTime() - started) / 1e3;
            }
            print("excluded", withoutPool);
            print("excluded-prewarmed", withPool);
        }

        try (var seed = new WasmEngine(WasmEngineOptions.defaults().withCacheDir(cacheDir))) {
            seed.load(hello); // fills the disk cache
        }
        double[] disk = new double[compileRuns];
        double[] included = new double[compileRuns];
        for (int i = 0; i < compileRuns; i++) {
            long started = System.nanoTime();
            try (var engine = new WasmEngine(WasmEngineOptions.defaults().withCacheDir(cacheDir))) {
                once(engine, engine.load(hello));
            }
            disk[i] = (System.nanoTime() - started) / 1e3;
            started = System.nanoTime();
            try (var engine = new WasmEngine(WasmEngineOptions.defaults())) {
                once(engine, engine.load(hello));
            }
            included[i] = (System.nanoTime() - started) / 1e3;
        }
        print("disk", disk);
        print("included", included);
    }

    private static void once(WasmEngine engine, LoadedModule module) {
        var out = new ByteArrayOutputStream(64);
        var invocation = WasiInvocation.of("hello")
                .withEnv(ENV)
                .withStdio(InputStream.nullInputStream(), out, OutputStream.nullOutputStream());
        var status = engine.run(module, invocation);
        if (!status.success() || !out.toString(StandardCharsets.UTF_8).endsWith("Hello, edge!\n")) {
            throw new IllegalStateException("hello failed: " + status + " " + out);
        }
    }

    private static void print(String name, double[] us) {
        var p = new Percentiles(us);
        System.out.printf(
                "{\"case\":\"%s\",\"runs\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f}%n", name, us.length, p.at(50), p.at(99));
    }
}
