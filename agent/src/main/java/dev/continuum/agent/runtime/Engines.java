package dev.continuum.agent.runtime;

import dev.continuum.model.ComponentType;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.nio.file.Path;

/**
 * The two WebAssembly engines of an agent, sharing one disk cache of compiled classes: one for
 * services and jobs, whose output streams into the Instance's bounded log and so needs no output
 * cap, and one for function requests, whose stdout is the HTTP response held in memory and keeps the
 * engine's default cap.
 */
public record Engines(WasmEngine runs, WasmEngine functions) implements AutoCloseable {

    /** Engines caching compiled modules under {@code cacheDir}. */
    public static Engines create(Path cacheDir) {
        var base = WasmEngineOptions.defaults().withCacheDir(cacheDir);
        return new Engines(new WasmEngine(base.withMaxOutputBytes(Long.MAX_VALUE / 2)), new WasmEngine(base));
    }

    /** The engine that runs a component of this type. */
    public WasmEngine forType(ComponentType type) {
        return type == ComponentType.FUNCTION ? functions : runs;
    }

    /** The largest module either engine accepts. */
    public long maxModuleBytes() {
        return Math.min(
                runs.options().intake().maxModuleBytes(),
                functions.options().intake().maxModuleBytes());
    }

    @Override
    public void close() {
        runs.close();
        functions.close();
    }
}
