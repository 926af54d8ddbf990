package dev.continuum.wasm.capability;

/**
 * The status every {@code continuum.*} host function returns, as an i32. Defined once here and
 * documented in {@code docs/abi.md} and {@code examples/include/continuum.h}; never renumber.
 */
public final class AbiStatus {
    /** Done. */
    public static final int OK = 0;
    /** The key, config value or message does not exist (for msg_receive: the queue is empty). */
    public static final int NOT_FOUND = 1;
    /** The grant does not cover this target, topic or key: an http URL off the allow-list, say. */
    public static final int DENIED = 2;
    /** The output buffer is too small; the length it needs was written to the length pointer. */
    public static final int TOO_SMALL = 3;
    /** An argument is malformed: bad UTF-8, a bad URL, a pointer outside memory, an empty key. */
    public static final int INVALID = 4;
    /** The backend failed: store error, broker or remote host unreachable. Worth retrying. */
    public static final int UNAVAILABLE = 5;
    /** A size or count limit was hit: value too large, too many queued messages. */
    public static final int LIMIT = 6;
    /** The remote side did not answer in time. */
    public static final int TIMEOUT = 7;

    private AbiStatus() {}
}
