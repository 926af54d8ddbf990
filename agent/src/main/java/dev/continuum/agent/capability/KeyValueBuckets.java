package dev.continuum.agent.capability;

import dev.continuum.wasm.capability.KeyValueStore;
import dev.continuum.wasm.capability.KeyValueStore.KeyValueException;
import dev.continuum.wasm.capability.SqliteKeyValueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's key-value data: one SQLite file ({@code <data dir>/local/keyvalue.db}, beside the local
 * store but apart from it, so that a local store moved aside as corrupt takes no application data
 * with it), WAL and synchronous commits, so every write survives a crash once it returns. Buckets are
 * named {@code <namespace>/<application>} ({@link #bucketOf}). Opened on first use, so nodes whose
 * components use no key-value bucket never open it. Thread-safe.
 */
public final class KeyValueBuckets implements AutoCloseable {
    private final Path file;
    private SqliteKeyValueStore store;
    private boolean closed;

    public KeyValueBuckets(Path file) {
        this.file = file;
    }

    /**
     * The bucket a component of {@code application} in {@code namespace} uses: its application's own,
     * or the one {@code capabilities.bucket} names ({@code application} of the same namespace, or
     * {@code namespace/application} of another, which admission let through only when that namespace
     * exports it).
     */
    public static String bucketOf(String namespace, String application, String named) {
        if (named == null || named.isBlank()) {
            return namespace + "/" + application;
        }
        return named.contains("/") ? named : namespace + "/" + named;
    }

    /**
     * The store, opened now if it was not.
     *
     * @throws KeyValueException when the file cannot be opened (the disk, its permissions)
     */
    public synchronized KeyValueStore store() {
        if (closed) {
            throw new KeyValueException("the agent is stopping; its key-value store is closed", null);
        }
        if (store == null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new KeyValueException(
                        "cannot create the folder of the key-value store " + file + ": " + e.getMessage(), e);
            }
            store = new SqliteKeyValueStore(file);
        }
        return store;
    }

    /** The file the buckets live in. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
