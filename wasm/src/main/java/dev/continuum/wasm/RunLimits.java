package dev.continuum.wasm;

/**
 * Limits of one run or one long-lived instance, for components whose manifest asks for less than
 * the engine allows (e.g. {@code resources.memory: 64Mi}). Each is capped by the engine's own
 * {@link WasmEngineOptions}: a run never gets more than the node's safety limits.
 *
 * @param maxMemoryPages the most 64 KiB pages the instance's memory may grow to; growth beyond
 *     traps with {@link ExitStatus.Outcome#MEMORY_LIMIT}, and a module whose initial memory is
 *     larger does not start (also {@code MEMORY_LIMIT})
 * @param maxOutputBytes the most bytes the run may write to stdout, and separately to stderr
 */
public record RunLimits(int maxMemoryPages, long maxOutputBytes) {

    public RunLimits {
        if (maxMemoryPages <= 0 || maxOutputBytes <= 0) {
            throw new IllegalArgumentException("run limits must be positive");
        }
    }

    /** The engine's own limits. */
    public static RunLimits of(WasmEngineOptions options) {
        return new RunLimits(options.maxMemoryPages(), options.maxOutputBytes());
    }

    /** A copy allowing {@code bytes} of linear memory (rounded up to whole pages). */
    public RunLimits withMemoryBytes(long bytes) {
        long pages = Math.max(1, (bytes + 65535) / 65536);
        return new RunLimits((int) Math.min(pages, 32767), maxOutputBytes);
    }

    /** A copy allowing {@code bytes} of output per stream. */
    public RunLimits withOutputBytes(long bytes) {
        return new RunLimits(maxMemoryPages, bytes);
    }

    /** These limits, lowered where the engine allows less. */
    RunLimits within(WasmEngineOptions options) {
        return new RunLimits(
                Math.min(maxMemoryPages, options.maxMemoryPages()), Math.min(maxOutputBytes, options.maxOutputBytes()));
    }
}
