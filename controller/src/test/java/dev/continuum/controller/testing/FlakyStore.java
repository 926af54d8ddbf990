package dev.continuum.controller.testing;

import dev.continuum.store.KeyValue;
import dev.continuum.store.Listing;
import dev.continuum.store.StateStore;
import dev.continuum.store.StoreException;
import dev.continuum.store.WatchListener;
import dev.continuum.store.WatchStart;
import dev.continuum.store.WriteResult;
import java.util.Optional;

/**
 * A real store that can be told to fail: while {@link #failing(boolean) failing}, every read and
 * write throws {@link StoreException} as a broken disk would; watches already open go on. The store
 * underneath stays open and is closed by its owner.
 */
public final class FlakyStore implements StateStore {

    private final StateStore store;
    private volatile boolean failing;

    public FlakyStore(StateStore store) {
        this.store = store;
    }

    public void failing(boolean value) {
        failing = value;
    }

    private void check() {
        if (failing) {
            throw new StoreException("disk I/O error (injected by the test)");
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        check();
        return store.get(key);
    }

    @Override
    public Listing list(String prefix) {
        check();
        return store.list(prefix);
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        check();
        return store.create(key, value);
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        check();
        return store.update(key, value, expectedModRevision);
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        check();
        return store.delete(key, expectedModRevision);
    }

    @Override
    public WatchStart watch(String prefix, long afterRevision, WatchListener listener) {
        check();
        return store.watch(prefix, afterRevision, listener);
    }

    @Override
    public long revision() {
        return store.revision();
    }

    @Override
    public long compactedRevision() {
        return store.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        store.compact(revision);
    }

    @Override
    public void close() {
        // the owner closes the store underneath
    }
}
