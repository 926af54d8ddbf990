package dev.continuum.store;

import java.util.Optional;

/**
 * A revisioned key-value store with compare-and-swap and watch, as etcd offers it.
 *
 * <p>Every successful write increments one global revision and stamps the key with it
 * ({@link KeyValue#modRevision()}), so revisions are totally ordered and never reused. Writes are
 * durable when the method returns. Watches deliver every change after a given revision, in order,
 * as long as the store still holds that history; older requests get {@link WatchStart.TooOld}.
 *
 * <p>Implementations are thread-safe.
 */
public interface StateStore extends AutoCloseable {

    Optional<KeyValue> get(String key);

    /** Every key that starts with {@code prefix}, sorted, with the revision the listing is consistent at. */
    Listing list(String prefix);

    /** Creates a key that must not exist yet. */
    WriteResult create(String key, byte[] value);

    /**
     * Replaces the value of an existing key if its modRevision is {@code expectedModRevision}, or
     * unconditionally when {@code expectedModRevision} is 0.
     */
    WriteResult update(String key, byte[] value, long expectedModRevision);

    /** Deletes a key, under the same compare-and-swap rule as {@link #update}. */
    WriteResult delete(String key, long expectedModRevision);

    /**
     * Delivers every change to keys under {@code prefix} with a revision greater than
     * {@code afterRevision}: first the stored history, then live changes, without gaps or repeats.
     */
    WatchStart watch(String prefix, long afterRevision, WatchListener listener);

    /** The revision of the latest write (0 for an empty store). */
    long revision();

    /** History at or below this revision is gone; watches must start after it. */
    long compactedRevision();

    /** Forgets history up to and including {@code revision} (never the current values). */
    void compact(long revision);

    @Override
    void close();
}
