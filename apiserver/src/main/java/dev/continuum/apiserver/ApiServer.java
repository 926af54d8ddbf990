package dev.continuum.apiserver;

import dev.continuum.model.api.ApiError;
import dev.continuum.store.ResourceStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinBindException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Continuum REST and watch API ({@code docs/api.md}) over a {@link ResourceStore}, on Javalin
 * (Jetty 12) with one virtual thread per request.
 *
 * <pre>
 *   new ──start()──▶ listening, not ready ──setReady(true)──▶ ready ──close()──▶ closed
 *                         ▲                                    │
 *                         └───────────setReady(false)──────────┘
 * </pre>
 *
 * While not ready the server answers every route, but {@code /readyz} says 503, so that load
 * balancers and agents wait; it also says 503 whenever the store does not answer. {@link #close()}
 * ends every watch and log stream (clients resume from their last revision) and stops listening; it
 * does not close the store, which belongs to the caller. A closed server cannot start again: build a
 * new one (on the same port and store, clients carry on where they were). Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String JOIN = "/api/v1/join";
    private static final String RENEW = "/api/v1/renew";
    private static final String STARTED = "continuum.started";

    private final ApiServerOptions options;
    private final Authenticator authenticator;
    private final Authorization authorization;
    private final JoinHandler join;
    private final AdminHandlers admin;
    private final FunctionRoutes functions;
    private final ResourceHandlers resources;
    private final WatchStreams watches;
    private final LogForwarder logs;
    private final Readiness readiness;
    private final ApiMetrics metrics;
    private final AuditLog audit;
    private Javalin app;
    private boolean closed;

    public ApiServer(ResourceStore store, ApiServerOptions options) {
        Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        NodeCertificates certificates = new NodeCertificates(store.raw());
        BearerTokens nodeTokens =
                new BearerTokens(store.raw(), options.clock(), BearerTokens.NODE_OWNERS, BearerTokens.NODE_HASHES);
        UserRegistry users = new UserRegistry(store.raw(), options.clock());
        BootstrapTokenStore bootstrapTokens = new BootstrapTokenStore(store.raw(), options.clock());
        this.authenticator = new Authenticator(certificates, nodeTokens, users, options.clock());
        this.authorization = new Authorization(options.accessRules());
        this.join =
                new JoinHandler(bootstrapTokens, options.bootstrapTokens(), certificates, nodeTokens, options.tls());
        this.admin = new AdminHandlers(bootstrapTokens, users, certificates, nodeTokens, authorization, options.tls());
        this.functions = new FunctionRoutes(store, authorization);
        WatchStreams watchStreams = new WatchStreams(store, options.bookmarkInterval());
        LogForwarder logForwarder = new LogForwarder(
                store,
                authorization,
                options.tls() == null ? null : options.tls().gatewayClientContext());
        this.watches = watchStreams;
        this.logs = logForwarder;
        this.resources = new ResourceHandlers(store, watchStreams, authorization);
        this.readiness = new Readiness(store.raw());
        this.metrics = new ApiMetrics(
                options.meterRegistry(),
                () -> watchStreams.openStreams() + logForwarder.openStreams(),
                () -> store.raw().revision());
        this.audit = new AuditLog(options.auditLog(), metrics.registry(), options.clock());
    }

    /**
     * Starts listening on {@link ApiServerOptions#host()} and {@link ApiServerOptions#port()}.
     *
     * @throws IllegalStateException when already started or closed, or when the port is taken
     */
    public synchronized ApiServer start() {
        if (closed || app != null) {
            throw new IllegalStateException(closed ? "this ApiServer is closed" : "this ApiServer already started");
        }
        Javalin javalin = Javalin.create(this::configure);
        try {
            javalin.start(options.host(), options.port());
        } catch (JavalinBindException e) {
            throw new IllegalStateException(
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage()
                            + "; is another Continuum server running there?",
                    e);
        }
        app = javalin;
        LOG.info(
                "API server listening on {}://{}:{}",
                options.tls() == null ? "http" : "https",
                options.host(),
                javalin.port());
        return this;
    }

    /** The port the server listens on; the chosen one when the options said 0. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the ApiServer has not started");
        }
        return app.port();
    }

    /** Declares whether the control plane behind this server is ready; {@code /readyz} follows. */
    public void setReady(boolean ready) {
        readiness.set(ready);
    }

    /** The registry {@code /metrics} shows; the owner may add its own meters to it. */
    public PrometheusMeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Ends all streams and stops listening. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readiness.set(false);
        watches.closeAll();
        logs.closeAll();
        if (app != null) {
            app.stop();
        }
        audit.close();
    }

    private void configure(JavalinConfig config) {
        config.concurrency.useVirtualThreads = true;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.router.ignoreTrailingSlashes = true;
        config.startup.startupWatcherEnabled = false;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        if (options.tls() != null) {
            config.jetty.addConnector((server, http) ->
                    TlsConnector.create(server, http, options.tls().serverContext(), options.host(), options.port()));
        }

        RoutesConfig routes = config.routes;
        routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> fail(ctx, e));
        routes.before(this::before);
        routes.after(this::after);

        route(routes, HandlerType.GET, "/healthz", ctx -> Responses.reply(ctx, ApiReply.text(200, "ok")));
        route(routes, HandlerType.GET, "/readyz", this::readyz);
        route(routes, HandlerType.GET, "/metrics", ctx -> {
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
            ctx.result(metrics.scrape());
        });
        route(routes, HandlerType.POST, JOIN, join::join);
        route(routes, HandlerType.POST, RENEW, join::renew);
        route(routes, HandlerType.GET, AdminHandlers.WHOAMI, admin::whoami);
        route(routes, HandlerType.POST, AdminHandlers.TOKENS, admin::createToken);
        route(routes, HandlerType.GET, AdminHandlers.TOKENS, admin::listTokens);
        route(routes, HandlerType.DELETE, AdminHandlers.TOKENS + "/{id}", admin::deleteToken);
        route(routes, HandlerType.POST, AdminHandlers.USERS, admin::createUser);
        route(routes, HandlerType.GET, AdminHandlers.USERS, admin::listUsers);
        route(routes, HandlerType.GET, AdminHandlers.USERS + "/{name}", admin::getUser);
        route(routes, HandlerType.PUT, AdminHandlers.USERS + "/{name}", admin::updateUser);
        route(routes, HandlerType.DELETE, AdminHandlers.USERS + "/{name}", admin::deleteUser);
        route(routes, HandlerType.POST, AdminHandlers.USERS + "/{name}/token", admin::rotateUserToken);
        route(routes, HandlerType.DELETE, AdminHandlers.NODE_CREDENTIALS, admin::revokeNode);
        route(routes, HandlerType.GET, FunctionRoutes.PATH, functions::handle);
        route(routes, HandlerType.GET, "/api/v1/namespaces/{namespace}/instances/{name}/log", logs::handle);

        RouteRegistrar registrar = new ExtensionRoutes(routes, authorization);
        for (ApiExtension extension : options.extensions()) {
            extension.register(registrar);
        }

        String namespaced = "/api/v1/namespaces/{namespace}/{plural}";
        route(routes, HandlerType.GET, namespaced, ctx -> resources.collectionGet(ctx, true));
        route(routes, HandlerType.POST, namespaced, ctx -> resources.create(ctx, true));
        route(routes, HandlerType.GET, namespaced + "/{name}", ctx -> resources.get(ctx, true));
        route(routes, HandlerType.PUT, namespaced + "/{name}", ctx -> resources.update(ctx, true, false));
        route(routes, HandlerType.DELETE, namespaced + "/{name}", ctx -> resources.delete(ctx, true));
        route(routes, HandlerType.GET, namespaced + "/{name}/status", ctx -> resources.statusGet(ctx, true));
        route(routes, HandlerType.PUT, namespaced + "/{name}/status", ctx -> resources.update(ctx, true, true));

        String cluster = "/api/v1/{plural}";
        route(routes, HandlerType.GET, cluster, ctx -> resources.collectionGet(ctx, false));
        route(routes, HandlerType.POST, cluster, ctx -> resources.create(ctx, false));
        route(routes, HandlerType.GET, cluster + "/{name}", ctx -> resources.get(ctx, false));
        route(routes, HandlerType.PUT, cluster + "/{name}", ctx -> resources.update(ctx, false, false));
        route(routes, HandlerType.DELETE, cluster + "/{name}", ctx -> resources.delete(ctx, false));
        route(routes, HandlerType.GET, cluster + "/{name}/status", ctx -> resources.statusGet(ctx, false));
        route(routes, HandlerType.PUT, cluster + "/{name}/status", ctx -> resources.update(ctx, false, true));

        StaticSite site = options.staticSite();
        if (site != null) {
            StaticFiles files = new StaticFiles(site);
            route(routes, HandlerType.GET, "/", files::index);
            route(routes, HandlerType.GET, site.urlPrefix() + "/<file>", files::file);
        }
    }

    /** Registers a route whose requests are counted under its path pattern. */
    static void route(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        routes.addHttpHandler(method, path, ctx -> {
            ctx.attribute(ApiMetrics.ROUTE, path);
            handler.handle(ctx);
        });
    }

    private void before(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        if (ctx.path().startsWith("/api/") && !ctx.path().equals(JOIN)) {
            authenticator.authenticate(ctx);
        }
    }

    private void after(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String route = ctx.attribute(ApiMetrics.ROUTE);
        String verb = ctx.attribute(ApiMetrics.VERB);
        audit.record(ctx, Authenticator.identityOf(ctx), ctx.res().getStatus());
        metrics.request(
                verb == null ? ctx.method().name() : verb,
                route == null ? "unmatched" : route,
                ctx.res().getStatus(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void readyz(Context ctx) {
        readiness
                .problem()
                .ifPresentOrElse(
                        problem -> Responses.reply(ctx, ApiReply.error(ApiError.of(503, "Unavailable", problem))),
                        () -> Responses.reply(ctx, ApiReply.text(200, "ok")));
    }

    private static void fail(Context ctx, Exception e) {
        ErrorResponses.write(ctx, ErrorResponses.toError(e, ctx));
    }
}
