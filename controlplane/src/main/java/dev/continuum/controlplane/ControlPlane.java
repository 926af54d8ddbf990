package dev.continuum.controlplane;

import dev.continuum.apiserver.ApiServer;
import dev.continuum.apiserver.ApiServerOptions;
import dev.continuum.apiserver.StaticSite;
import dev.continuum.controller.ControllerOptions;
import dev.continuum.controller.Controllers;
import dev.continuum.dashboard.Dashboard;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control plane: the SQLite store in the data folder, the controllers, and the API server (with
 * the dashboard at {@code /}). Started by {@link #start}, stopped by {@link #close}; the API answers
 * {@code /readyz} only once the controllers run.
 *
 * <pre>
 *   start: open store ─► start controllers ─► start API ─► ready
 *   close: not ready ─► stop API ─► stop controllers ─► close store
 * </pre>
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final ControlPlaneOptions options;
    private final SqliteStateStore stateStore;
    private final ResourceStore store;
    private final Controllers controllers;
    private final ApiServer api;
    private final String bootstrapToken;

    private ControlPlane(ControlPlaneOptions options) {
        this.options = options;
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + options.dataDir(), e);
        }
        this.bootstrapToken = options.bootstrapToken() != null
                ? options.bootstrapToken()
                : BootstrapToken.loadOrCreate(options.dataDir());
        this.stateStore = SqliteStateStore.open(options.dataDir().resolve("state.db"));
        this.store = new ResourceStore(
                stateStore, options.clock(), () -> UUID.randomUUID().toString());
        Controllers started = null;
        ApiServer server = null;
        try {
            started = Controllers.start(store, ControllerOptions.defaults().withTime(options.clock(), null));
            server = new ApiServer(
                            store,
                            ApiServerOptions.defaults()
                                    .withHost(options.host())
                                    .withPort(options.port())
                                    .withClock(options.clock())
                                    .withBootstrapTokens(token -> BootstrapToken.matches(bootstrapToken, token))
                                    .withExtension(new ExplainRoute(store))
                                    .withStaticSite(new StaticSite(Dashboard.CLASSPATH_FOLDER, "/dashboard")))
                    .start();
            server.setReady(true);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (started != null) {
                started.close();
            }
            stateStore.close();
            throw e;
        }
        this.controllers = started;
        this.api = server;
        LOG.info("control plane serving on {} (data in {})", url(), options.dataDir());
    }

    public static ControlPlane start(ControlPlaneOptions options) {
        return new ControlPlane(options);
    }

    public int port() {
        return api.port();
    }

    /** Where the API answers, e.g. {@code http://127.0.0.1:7070}. */
    public URI url() {
        String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        return URI.create("http://" + host + ":" + port());
    }

    public String bootstrapToken() {
        return bootstrapToken;
    }

    public ResourceStore store() {
        return store;
    }

    @Override
    public void close() {
        api.setReady(false);
        api.close();
        controllers.close();
        stateStore.close();
    }
}
