package dev.continuum.client;

import dev.continuum.apiserver.ApiServer;
import dev.continuum.apiserver.ApiServerOptions;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** A real API server over a real SQLite store, which a test can stop and start again on the same port. */
final class ControlPlane implements AutoCloseable {

    static final String BOOTSTRAP = "bootstrap-secret";

    final SqliteStateStore kv;
    final ResourceStore store;
    private final ApiServerOptions options;
    private ApiServer server;
    private int port;

    ControlPlane(Path dir) {
        this(dir, Duration.ofMillis(200));
    }

    ControlPlane(Path dir, Duration bookmarkInterval) {
        kv = SqliteStateStore.open(dir.resolve("state.db"));
        AtomicInteger ids = new AtomicInteger();
        store = new ResourceStore(
                kv,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                () -> "uid-" + ids.incrementAndGet());
        options = ApiServerOptions.defaults()
                .withPort(0)
                .withBookmarkInterval(bookmarkInterval)
                .withBootstrapTokens(BOOTSTRAP::equals);
        start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops serving; the store and its data stay. */
    void stop() {
        server.close();
    }

    /** Serves again on the same port, over the same store. */
    void start() {
        server = new ApiServer(store, options.withPort(port)).start();
        port = server.port();
        server.setReady(true);
    }

    @Override
    public void close() {
        server.close();
        kv.close();
    }
}
