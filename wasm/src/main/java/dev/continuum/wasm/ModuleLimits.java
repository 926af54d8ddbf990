package dev.continuum.wasm;

/**
 * What a module may declare; checked at intake, before parsing the code and before compiling, so
 * that a hostile module cannot make the engine spend memory or time on it.
 *
 * @param maxModuleBytes the largest accepted binary
 * @param maxFunctions defined plus imported functions
 * @param maxFunctionBodyBytes the largest encoded function body
 * @param maxLocalsPerFunction declared locals of one function (parameters not counted)
 * @param maxMemoryPages the initial size any memory may declare, in 64 KiB pages
 */
public record ModuleLimits(
        long maxModuleBytes, int maxFunctions, int maxFunctionBodyBytes, int maxLocalsPerFunction, int maxMemoryPages) {

    public ModuleLimits {
        if (maxModuleBytes <= 8 || maxFunctions <= 0 || maxFunctionBodyBytes <= 0 || maxLocalsPerFunction < 0) {
            throw new IllegalArgumentException("module limits must be positive");
        }
        if (maxMemoryPages <= 0 || maxMemoryPages > 32767) {
            throw new IllegalArgumentException("maxMemoryPages must be in 1..32767, got " + maxMemoryPages);
        }
    }

    /** 64 MiB modules, 100k functions, 1 MiB bodies, 50k locals, 16k pages (1 GiB). */
    public static ModuleLimits defaults() {
        return new ModuleLimits(64L << 20, 100_000, 1 << 20, 50_000, 16_384);
    }
}
