package dev.continuum.wasm;

import java.nio.file.Path;

/**
 * How a {@link WasmEngine} behaves. Immutable; change with the {@code with*} copies.
 *
 * @param cacheDir where compiled classes are kept across restarts, or null for memory only
 * @param intake what a module may declare (checked before compiling); its page limit is lowered to
 *     {@code maxMemoryPages} when larger, so a module is never accepted that could not start
 * @param maxMemoryPages the most 64 KiB pages one instance's memory may grow to
 * @param maxOutputBytes the most bytes a run may write to stdout, and separately to stderr
 * @param maxLoadedModules how many compiled modules are kept in memory (least recently used go)
 * @param prewarmedInstances instances of each module that {@link WasmEngine#run} keeps built ahead
 *     of time, so a request skips instantiation (0 turns pre-warming off)
 */
public record WasmEngineOptions(
        Path cacheDir,
        ModuleLimits intake,
        int maxMemoryPages,
        long maxOutputBytes,
        int maxLoadedModules,
        int prewarmedInstances) {

    public WasmEngineOptions {
        if (maxMemoryPages <= 0 || maxMemoryPages > 32767) {
            throw new IllegalArgumentException("maxMemoryPages must be in 1..32767, got " + maxMemoryPages);
        }
        if (maxOutputBytes <= 0 || maxLoadedModules <= 0 || prewarmedInstances < 0) {
            throw new IllegalArgumentException(
                    "maxOutputBytes and maxLoadedModules must be positive, prewarmedInstances not negative");
        }
        if (intake.maxMemoryPages() > maxMemoryPages) {
            intake = new ModuleLimits(
                    intake.maxModuleBytes(),
                    intake.maxFunctions(),
                    intake.maxFunctionBodyBytes(),
                    intake.maxLocalsPerFunction(),
                    maxMemoryPages);
        }
    }

    /**
     * No disk cache, default intake limits, 4096 pages (256 MiB), 16 MiB of output, 256 modules, no
     * pre-warmed instances: measured on a 2-core node, building the instance on the request path
     * (about 10 µs for the hello module) beat taking a pre-warmed one, whose memory was written by
     * another core and whose refill competes for the CPU (BENCHMARKS.md, cold start).
     */
    public static WasmEngineOptions defaults() {
        return new WasmEngineOptions(null, ModuleLimits.defaults(), 4096, 16L << 20, 256, 0);
    }

    public WasmEngineOptions withCacheDir(Path dir) {
        return new WasmEngineOptions(dir, intake, maxMemoryPages, maxOutputBytes, maxLoadedModules, prewarmedInstances);
    }

    public WasmEngineOptions withIntake(ModuleLimits limits) {
        return new WasmEngineOptions(
                cacheDir, limits, maxMemoryPages, maxOutputBytes, maxLoadedModules, prewarmedInstances);
    }

    public WasmEngineOptions withMaxMemoryPages(int pages) {
        return new WasmEngineOptions(cacheDir, intake, pages, maxOutputBytes, maxLoadedModules, prewarmedInstances);
    }

    public WasmEngineOptions withMaxOutputBytes(long bytes) {
        return new WasmEngineOptions(cacheDir, intake, maxMemoryPages, bytes, maxLoadedModules, prewarmedInstances);
    }

    public WasmEngineOptions withMaxLoadedModules(int count) {
        return new WasmEngineOptions(cacheDir, intake, maxMemoryPages, maxOutputBytes, count, prewarmedInstances);
    }

    public WasmEngineOptions withPrewarmedInstances(int count) {
        return new WasmEngineOptions(cacheDir, intake, maxMemoryPages, maxOutputBytes, maxLoadedModules, count);
    }
}
