package dev.continuum.wasm.capability;

import java.util.Optional;

/**
 * The storage behind the {@code keyvalue} capability: one bucket per application, keys are UTF-8
 * strings, values are bytes. The agent implements it over its local SQLite
 * ({@link SqliteKeyValueStore} is a ready one).
 *
 * <p>Contract: thread-safe; every call is durable when it returns; {@code put} replaces; a failure
 * of the backing store is a {@link KeyValueException}, which the guest sees as
 * {@link AbiStatus#UNAVAILABLE}.
 */
public interface KeyValueStore {
    Optional<byte[]> get(String bucket, String key);

    void put(String bucket, String key, byte[] value);

    /** Removes the key; true when it existed. */
    boolean delete(String bucket, String key);

    /** A failure of the backing store (not a missing key). */
    final class KeyValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public KeyValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
