package dev.continuum.agent.fetch;

/** What fetching a module came to: its bytes, or why not. */
public sealed interface FetchResult {

    /**
     * The module's bytes, verified against the pinned digest when there was one.
     *
     * @param digest {@code sha256:<hex>} of {@code bytes}
     * @param cached true when the bytes came from the node's module cache rather than the source
     */
    record Fetched(byte[] bytes, String digest, boolean cached) implements FetchResult {}

    /**
     * The module could not be had.
     *
     * @param reason the machine-readable reason for the Instance's status
     * @param message what was wrong, naming the module URL, and what to do
     * @param retryable true when trying again later may succeed (the source was unreachable)
     */
    record Failed(String reason, String message, boolean retryable) implements FetchResult {}

    /** The pinned digest and the one of the fetched bytes differ. Not retried: the bytes will not change by waiting. */
    String DIGEST_MISMATCH = "DigestMismatch";
    /** The source could not be read (missing file, refused connection, an HTTP error). Retried with backoff. */
    String FETCH_FAILED = "ModuleFetchFailed";
    /** The module URL has a scheme or form this agent cannot fetch. Not retried. */
    String UNSUPPORTED_SOURCE = "UnsupportedModuleSource";
}
