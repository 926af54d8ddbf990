package dev.continuum.apiserver;

import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A real API server over a real SQLite store in a test's folder, on a free loopback port. */
final class ServerFixture implements AutoCloseable {

    static final String BOOTSTRAP = "bootstrap-secret";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    final SqliteStateStore kv;
    final ResourceStore store;
    final ApiServer server;
    final Http http;

    ServerFixture(Path dir) {
        this(dir, o -> o);
    }

    ServerFixture(Path dir, UnaryOperator<ApiServerOptions> options) {
        kv = SqliteStateStore.open(dir.resolve("state.db"));
        AtomicInteger ids = new AtomicInteger();
        store = new ResourceStore(kv, CLOCK, () -> "uid-" + ids.incrementAndGet());
        server = new ApiServer(
                        store,
                        options.apply(ApiServerOptions.defaults()
                                .withPort(0)
                                .withClock(CLOCK)
                                .withBootstrapTokens(BOOTSTRAP::equals)))
                .start();
        server.setReady(true);
        http = new Http(server.port());
    }

    @Override
    public void close() {
        server.close();
        kv.close();
    }
}
