package dev.continuum.agent.gateway;

import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.agent.runtime.LocalFunctions;
import dev.continuum.model.codec.ResourceCodec;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The agent's HTTP gateway (Javalin on virtual threads):
 *
 * <ul>
 *   <li>{@code ANY /fn/{namespace}/{application}/{component}[/...]}: functions ({@link FunctionHandler});
 *   <li>{@code GET /logs/{namespace}/{name}?follow=&tailLines=}: Instance logs ({@link LogHandler});
 *   <li>{@code GET /healthz}: {@code {"status":"ok","node":...}} while the agent runs.
 * </ul>
 *
 * Every error is an {@code ApiError} in JSON. Start once, close once.
 */
public final class Gateway implements AutoCloseable {

    private static final List<HandlerType> METHODS = List.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE,
            HandlerType.HEAD,
            HandlerType.OPTIONS);

    private final String host;
    private final int requestedPort;
    private final String nodeName;
    private final FunctionHandler functions;
    private final LogHandler logs;
    private final SSLContext serverTls;
    private volatile boolean closing;
    private Javalin app;

    /**
     * @param host the address to listen on
     * @param port the port; 0 picks a free one
     * @param directory where to look for functions this node does not run
     */
    public Gateway(
            String host,
            int port,
            String nodeName,
            LocalFunctions localFunctions,
            FunctionDirectory directory,
            InstanceLogs instanceLogs) {
        this(host, port, nodeName, localFunctions, directory, instanceLogs, null, null);
    }

    /**
     * A gateway over HTTPS when {@code serverTls} is given: it presents the node's certificate, serves
     * logs only to the control plane (by its certificate), and forwards to other gateways with
     * {@code clientTls}, which must trust their certificates.
     */
    public Gateway(
            String host,
            int port,
            String nodeName,
            LocalFunctions localFunctions,
            FunctionDirectory directory,
            InstanceLogs instanceLogs,
            SSLContext serverTls,
            SSLContext clientTls) {
        this.host = host;
        this.requestedPort = port;
        this.nodeName = nodeName;
        this.serverTls = serverTls;
        this.functions = new FunctionHandler(
                nodeName, localFunctions, directory, new Forwarder(FunctionHandler.DEADLINE.plusSeconds(5), clientTls));
        this.logs = new LogHandler(nodeName, instanceLogs, () -> closing, serverTls != null);
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException when the port cannot be bound (naming host and port)
     */
    public synchronized Gateway start() {
        if (app != null) {
            throw new IllegalStateException("the gateway is already started");
        }
        var created = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = 16L << 20;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.host = host;
            config.jetty.port = requestedPort;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            if (serverTls != null) {
                config.jetty.addConnector(
                        (server, http) -> GatewayTls.connector(server, http, serverTls, host, requestedPort));
            }
            config.routes.get("/healthz", ctx -> {
                ctx.contentType(GatewayErrors.JSON);
                ctx.result(ResourceCodec.get().encode(Map.of("status", "ok", "node", nodeName)));
            });
            for (HandlerType method : METHODS) {
                config.routes.addHttpHandler(method, "/fn/{namespace}/{application}/{component}", functions::handle);
                config.routes.addHttpHandler(
                        method, "/fn/{namespace}/{application}/{component}/<rest>", functions::handle);
            }
            config.routes.get("/logs/{namespace}/{name}", logs::handle);
            config.routes.exception(HttpResponseException.class, GatewayErrors::handle);
            config.routes.exception(Exception.class, GatewayErrors::handle);
        });
        try {
            created.start();
        } catch (RuntimeException e) {
            created.stop();
            throw new IllegalStateException(
                    "the gateway cannot listen on " + host + ":" + requestedPort + ": " + rootMessage(e)
                            + "; choose another --gateway-port (0 picks a free one)",
                    e);
        }
        app = created;
        return this;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The port the gateway listens on. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the gateway is not started");
        }
        return app.port();
    }

    /** Stops listening; open log streams end within half a second. Idempotent. */
    @Override
    public synchronized void close() {
        closing = true;
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    /** How long a function request may run. */
    public static Duration functionDeadline() {
        return FunctionHandler.DEADLINE;
    }
}
