package dev.continuum.wasm.memory;

import run.endive.runtime.TrapException;

/**
 * A trap raised when a guest's memory would grow past the engine's page cap (not the module's own
 * declared maximum, past which {@code memory.grow} returns -1 as the specification says).
 */
public final class MemoryLimitExceededException extends TrapException {
    private static final long serialVersionUID = 1L;

    private final int requestedPages;
    private final int capPages;

    public MemoryLimitExceededException(int requestedPages, int capPages) {
        super("memory limit exceeded: the guest asked for " + requestedPages + " pages (" + (requestedPages * 64L)
                + " KiB); the limit is " + capPages + " pages (" + (capPages * 64L) + " KiB)");
        this.requestedPages = requestedPages;
        this.capPages = capPages;
    }

    public int requestedPages() {
        return requestedPages;
    }

    public int capPages() {
        return capPages;
    }
}
