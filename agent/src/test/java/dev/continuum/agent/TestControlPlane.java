package dev.continuum.agent;

import dev.continuum.apiserver.ApiServer;
import dev.continuum.apiserver.ApiServerOptions;
import dev.continuum.client.ContinuumClient;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.UUID;

/**
 * The control plane's API for agent tests: a real {@link ApiServer} over a real SQLite store on a
 * free loopback port. {@link #stop()} and {@link #start()} take the API away and bring it back on
 * the same port and store, as a control-plane restart does. There is no scheduler: tests bind
 * Instances to nodes by hand.
 */
public final class TestControlPlane implements AutoCloseable {

    static final String BOOTSTRAP_TOKEN = "test-bootstrap-token";

    private final Path dir;
    private SqliteStateStore raw;
    private ResourceStore store;
    private int port;
    private ApiServer server;
    private final ContinuumClient admin;

    public TestControlPlane(Path dir) {
        this.dir = dir;
        raw = SqliteStateStore.open(dir.resolve("state.db"));
        store = new ResourceStore(
                raw, Clock.systemUTC(), () -> UUID.randomUUID().toString());
        start();
        admin = ContinuumClient.connect(uri(), null);
    }

    /** Starts the API (again), on the port it had before. */
    public void start() {
        server = new ApiServer(
                        store, ApiServerOptions.defaults().withPort(port).withBootstrapTokens(BOOTSTRAP_TOKEN::equals))
                .start();
        server.setReady(true);
        port = server.port();
    }

    /** Takes the API away: agents see a refused connection. */
    public void stop() {
        server.close();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client with no credential, as an operator's CLI. */
    public ContinuumClient client() {
        return admin;
    }

    /** The store behind the API, to change things while the API is stopped. */
    public ResourceStore store() {
        return store;
    }

    /** Copies the store's files to {@code backup} (stop the API first, so that they are consistent). */
    public void backup(Path backup) throws IOException {
        raw.close();
        Files.createDirectories(backup);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = dir.resolve("state.db" + suffix);
            if (Files.exists(f)) {
                Files.copy(f, backup.resolve("state.db" + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        reopen();
    }

    /** Replaces the store with the files in {@code backup}, as restoring a backup does (stop the API first). */
    public void restore(Path backup) throws IOException {
        raw.close();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dir.resolve("state.db" + suffix));
            Path f = backup.resolve("state.db" + suffix);
            if (Files.exists(f)) {
                Files.copy(f, dir.resolve("state.db" + suffix));
            }
        }
        reopen();
    }

    private void reopen() {
        raw = SqliteStateStore.open(dir.resolve("state.db"));
        store = new ResourceStore(
                raw, Clock.systemUTC(), () -> UUID.randomUUID().toString());
    }

    @Override
    public void close() {
        admin.close();
        server.close();
        raw.close();
    }
}
