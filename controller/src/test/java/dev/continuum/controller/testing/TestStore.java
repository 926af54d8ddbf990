package dev.continuum.controller.testing;

import dev.continuum.model.Resource;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/** A real SQLite store in a test's folder, with the typed layer over it and predictable uids. */
public final class TestStore implements AutoCloseable {

    private final SqliteStateStore kv;
    private final ResourceStore store;

    private TestStore(SqliteStateStore kv, Clock clock) {
        this.kv = kv;
        AtomicInteger uids = new AtomicInteger();
        this.store = new ResourceStore(kv, clock, () -> "uid-" + uids.incrementAndGet());
    }

    public static TestStore open(Path dir, Clock clock) {
        return new TestStore(SqliteStateStore.open(dir.resolve("state.db")), clock);
    }

    public static TestStore open(Path dir, Clock clock, SqliteStateStore.Options options) {
        return new TestStore(SqliteStateStore.open(dir.resolve("state.db"), options), clock);
    }

    public ResourceStore typed() {
        return store;
    }

    public SqliteStateStore raw() {
        return kv;
    }

    /** Creates {@code r}; a test fault if it exists already. */
    public <T extends Resource> T create(T r) {
        Result<T> result = store.create(r);
        if (!result.ok()) {
            throw new AssertionError("could not create " + r.metadata().qualifiedName() + ": " + result.outcome());
        }
        return result.value();
    }

    @Override
    public void close() {
        kv.close();
    }
}
