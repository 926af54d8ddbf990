package dev.continuum.agent.gateway;

import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.agent.runtime.LocalFunctions;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The agent's HTTP gateway ({@link GatewayServer}: HTTP/1.1 on virtual threads, over TLS when the
 * node has a certificate):
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

    /** The methods a function is served for. */
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** How long open requests (log streams) are given to end when the gateway closes. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final String host;
    private final int requestedPort;
    private final String nodeName;
    private final FunctionHandler functions;
    private final LogHandler logs;
    private final SSLContext serverTls;
    private volatile boolean closing;
    private GatewayServer server;

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
        if (server != null) {
            throw new IllegalStateException("the gateway is already started");
        }
        try {
            server = new GatewayServer(host, requestedPort, serverTls, this::serve, Gateway::refusal).start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "the gateway cannot listen on " + host + ":" + requestedPort + ": " + rootMessage(e)
                            + "; choose another --gateway-port (0 picks a free one)",
                    e);
        }
        return this;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            GatewayErrors.internal(exchange, e);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        List<String> segments;
        try {
            segments = Paths.segments(exchange.rawPath());
        } catch (IllegalArgumentException e) {
            GatewayErrors.write(exchange, 400, "BadRequest", refusalMessage(400, e.getMessage()));
            return;
        }
        String method = exchange.method();
        if (segments.size() >= 4 && segments.getFirst().equals("fn") && METHODS.contains(method)) {
            functions.handle(exchange, segments.get(1), segments.get(2), segments.get(3));
        } else if (method.equals("GET") && segments.equals(List.of("healthz"))) {
            exchange.contentType(GatewayErrors.JSON);
            exchange.send(ResourceCodec.get().encode(new Health("ok", nodeName)));
        } else if (method.equals("GET")
                && segments.size() == 3
                && segments.getFirst().equals("logs")) {
            logs.handle(exchange, segments.get(1), segments.get(2));
        } else {
            GatewayErrors.notFound(
                    exchange,
                    "no route for " + method + " " + exchange.rawPath()
                            + " on this agent's gateway; it serves /fn/{namespace}/{application}/{component}/...,"
                            + " /logs/{namespace}/{instance} and /healthz");
        }
    }

    /** The JSON answer to a request refused before it was routed (not valid HTTP, too large). */
    private static byte[] refusal(int code, String message) {
        return ResourceCodec.get()
                .encode(ApiError.of(code, GatewayErrors.reasonFor(code), refusalMessage(code, message)));
    }

    private static String refusalMessage(int code, String message) {
        return "the gateway cannot serve the request: "
                + (message == null || message.isBlank() ? "HTTP " + code : message)
                + (code == 400 ? "; check the request line, path encoding and headers" : "");
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
        if (server == null) {
            throw new IllegalStateException("the gateway is not started");
        }
        return server.port();
    }

    /** Stops listening; open log streams end within a second. Idempotent. */
    @Override
    public synchronized void close() {
        closing = true;
        if (server != null) {
            server.close(CLOSE_GRACE);
            server = null;
        }
    }

    /** How long a function request may run. */
    public static Duration functionDeadline() {
        return FunctionHandler.DEADLINE;
    }

    /** The body of {@code GET /healthz}, fields in this order. */
    private record Health(String status, String node) {}
}
