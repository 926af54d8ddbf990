package dev.continuum.bench.wasm;

import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of the per-request cost of a function: a fresh instance of the hello example and a run
 * of its {@code _start}, compile excluded. Sample-time mode reports the distribution (p50, p99).
 * {@code java -jar bench/target/benchmarks.jar HelloRunBenchmark} from the repository root;
 * {@code bench/wasm/run.sh} gives the same figure next to the runc baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:-ClipInlining", "-XX:MaxTrivialSize=60"})
public class HelloRunBenchmark {
    private static final Map<String, String> ENV = Map.of("REQUEST_METHOD", "GET", "QUERY_STRING", "name=edge");

    private WasmEngine engine;
    private LoadedModule hello;

    @Setup(Level.Trial)
    public void load() {
        engine = new WasmEngine(WasmEngineOptions.defaults());
        // Run from the repository root, or point -Dcontinuum.hello at the module.
        var path = java.nio.file.Path.of(System.getProperty("continuum.hello", "examples/hello/hello.wasm"));
        try {
            hello = engine.load(java.nio.file.Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }

    @Benchmark
    public int instantiateAndRun() {
        var out = new ByteArrayOutputStream(64);
        var invocation = WasiInvocation.of("hello")
                .withEnv(ENV)
                .withStdio(InputStream.nullInputStream(), out, OutputStream.nullOutputStream());
        var status = engine.run(hello, invocation);
        if (!status.success()) {
            throw new IllegalStateException("hello failed: " + status);
        }
        return out.size();
    }
}
