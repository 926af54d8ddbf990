package dev.continuum.wasm.snapshot;

/** The bytes are not a snapshot this version can read: wrong magic, version or checksum, or truncated. */
public final class SnapshotFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
