package dev.continuum.agent.gateway;

import dev.continuum.agent.runtime.LocalFunctions;
import dev.continuum.agent.runtime.MqttTriggerHook;
import dev.continuum.agent.runtime.ScheduleTriggerHook;
import dev.continuum.wasm.wagi.WagiRequest;
import dev.continuum.wasm.wagi.WagiResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ANY /fn/{namespace}/{application}/{component}/...}: serves the request from a local Running
 * copy of the function through WAGI, or forwards it once to a node that runs one.
 *
 * <pre>
 *   local copy?                      -> run it here (WAGI), answer with its response
 *   request already forwarded?       -> 503: forward at most once, so requests never loop
 *   directory: no application/component, or not a function -> 404
 *   directory: copies on other nodes -> forward to the first that answers (503 when none does)
 *   directory: no copy anywhere      -> 503
 *   directory: control plane unreachable -> 503
 * </pre>
 *
 * Every answer carries {@value #SERVED_BY} naming the node that ran the function (or that refused).
 */
final class FunctionHandler {

    /** Marks a request one gateway forwarded to another; its value is the forwarding node. */
    static final String FORWARDED_BY = "Continuum-Forwarded-By";
    /** Names the node whose gateway ran the function. */
    static final String SERVED_BY = "Continuum-Node";
    /** How long one function request may run. */
    static final Duration DEADLINE = LocalFunctions.DEADLINE;

    private final String nodeName;
    private final LocalFunctions functions;
    private final FunctionDirectory directory;
    private final Forwarder forwarder;

    FunctionHandler(String nodeName, LocalFunctions functions, FunctionDirectory directory, Forwarder forwarder) {
        this.nodeName = nodeName;
        this.functions = functions;
        this.directory = directory;
        this.forwarder = forwarder;
    }

    void handle(HttpExchange ctx, String namespace, String application, String component) throws IOException {
        var request = request(ctx, namespace, application, component);
        LocalFunctions.Target local = functions.pick(namespace, application, component);
        if (local != null) {
            write(ctx, serve(local, request), nodeName);
            return;
        }
        String what = "function \"" + component + "\" of application \"" + application + "\" (namespace \"" + namespace
                + "\")";
        String forwardedBy = ctx.header(FORWARDED_BY);
        if (forwardedBy != null) {
            ctx.header(SERVED_BY, nodeName);
            GatewayErrors.unavailable(
                    ctx,
                    "node " + nodeName + " has no Running copy of " + what + " (node " + forwardedBy
                            + " forwarded the request here; requests are forwarded only once)");
            return;
        }
        ctx.header(SERVED_BY, nodeName);
        switch (directory.lookup(namespace, application, component)) {
            case FunctionDirectory.NoApplication ignored ->
                GatewayErrors.notFound(
                        ctx,
                        "no function \"" + component + "\" in application \"" + application + "\" (namespace \""
                                + namespace + "\"): there is no such application");
            case FunctionDirectory.NoComponent ignored ->
                GatewayErrors.notFound(
                        ctx,
                        "no function \"" + component + "\" in application \"" + application + "\" (namespace \""
                                + namespace + "\")");
            case FunctionDirectory.NotAFunction notAFunction ->
                GatewayErrors.notFound(
                        ctx,
                        "no function \"" + component + "\" in application \"" + application + "\" (namespace \""
                                + namespace + "\"): that component is a " + notAFunction.type()
                                + "; only functions are served at /fn/");
            case FunctionDirectory.Unreachable unreachable ->
                GatewayErrors.unavailable(
                        ctx,
                        "node " + nodeName + " has no Running copy of " + what
                                + ", and the control plane cannot be reached to find one: " + unreachable.message());
            case FunctionDirectory.Copies copies
            when copies.copies().isEmpty() ->
                GatewayErrors.unavailable(ctx, what + " has no Running copy; retry once one is Running");
            case FunctionDirectory.Copies copies -> forward(ctx, request, copies.copies(), what);
        }
    }

    private void forward(HttpExchange ctx, WagiRequest request, List<FunctionDirectory.Copy> copies, String what)
            throws IOException {
        var failures = new ArrayList<String>();
        var shuffled = new ArrayList<>(copies);
        Collections.shuffle(shuffled);
        for (var copy : shuffled) {
            Forwarder.Answer answer;
            try {
                answer = forwarder.forward(copy.address(), request, nodeName);
            } catch (IOException e) {
                failures.add(copy.node() + " at " + copy.address() + ": " + Forwarder.describe(e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                GatewayErrors.unavailable(ctx, "the agent is stopping");
                return;
            }
            ctx.removeHeader(SERVED_BY);
            ctx.status(answer.status());
            answer.headers().forEach((name, values) -> values.forEach(v -> ctx.addHeader(name, v)));
            ctx.send(answer.body());
            return;
        }
        GatewayErrors.unavailable(
                ctx, what + " runs on other nodes, but none answered: " + String.join("; ", failures));
    }

    private static WagiResponse serve(LocalFunctions.Target target, WagiRequest request) {
        return target.serve(
                request,
                DEADLINE,
                request.method() + " " + request.scriptName() + request.pathInfo()
                        + (request.query().isEmpty() ? "" : "?" + request.query()));
    }

    private static void write(HttpExchange ctx, WagiResponse response, String node) throws IOException {
        ctx.status(response.status());
        response.headers().forEach((name, values) -> {
            if (!Forwarder.isHopByHop(name)) {
                values.forEach(v -> ctx.addHeader(name, v));
            }
        });
        ctx.header(SERVED_BY, node);
        ctx.send(response.body());
    }

    private static WagiRequest request(HttpExchange ctx, String namespace, String application, String component) {
        String scriptName = "/fn/" + namespace + "/" + application + "/" + component;
        String pathInfo = rawPathAfter(ctx.rawPath(), 4);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(MqttTriggerHook.TOPIC_HEADER)
                    && !name.equalsIgnoreCase(ScheduleTriggerHook.SCHEDULE_HEADER)) {
                headers.put(name, values); // only the agent says a run is for an MQTT message or a schedule
            }
        });
        return new WagiRequest(
                ctx.method(),
                scriptName,
                pathInfo,
                ctx.query(),
                headers,
                ctx.body(),
                ctx.remoteAddress(),
                ctx.serverName(),
                ctx.localPort());
    }

    /** The still-encoded rest of {@code rawPath} after its first {@code segments} segments: {@code ""} or {@code /...}. */
    static String rawPathAfter(String rawPath, int segments) {
        int at = 0;
        for (int i = 0; i < segments; i++) {
            int slash = rawPath.indexOf('/', at + 1);
            if (slash < 0) {
                return "";
            }
            at = slash;
        }
        return rawPath.substring(at);
    }
}
