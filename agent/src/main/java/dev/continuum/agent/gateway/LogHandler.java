package dev.continuum.agent.gateway;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.agent.logs.InstanceLogs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /logs/{namespace}/{name}?follow=true&tailLines=N}: an Instance's log as text, one
 * time-stamped line per line. {@code tailLines} limits the answer to the newest N lines (default:
 * all the agent keeps in memory); {@code follow} keeps the answer open and sends new lines as they
 * come, until the client goes away, the Instance's log closes (it was deleted) or the agent stops.
 */
final class LogHandler {

    private static final Duration POLL = Duration.ofMillis(500);

    private final String nodeName;
    private final InstanceLogs logs;
    private final BooleanSupplier closing;
    private final boolean controlPlaneOnly;

    /** @param controlPlaneOnly serve only callers with the control plane's certificate (over TLS) */
    LogHandler(String nodeName, InstanceLogs logs, BooleanSupplier closing, boolean controlPlaneOnly) {
        this.nodeName = nodeName;
        this.logs = logs;
        this.closing = closing;
        this.controlPlaneOnly = controlPlaneOnly;
    }

    void handle(HttpExchange ctx, String namespace, String name) throws IOException {
        if (controlPlaneOnly && !GatewayTls.fromControlPlane(ctx)) {
            GatewayErrors.write(
                    ctx,
                    403,
                    "Forbidden",
                    "node " + nodeName + " serves Instance logs to the control plane only; read them with"
                            + " continuum logs (GET /api/v1/namespaces/{namespace}/instances/{name}/log)");
            return;
        }
        Integer tail = tailLines(ctx);
        if (tail == null) {
            return;
        }
        Boolean follow = follow(ctx);
        if (follow == null) {
            return;
        }
        var log = logs.find(namespace, name);
        if (log.isEmpty()) {
            GatewayErrors.notFound(
                    ctx,
                    "node " + nodeName + " has no log of Instance " + namespace + "/" + name
                            + "; it runs there only if its spec.node is " + nodeName);
            return;
        }
        ctx.status(200);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        List<InstanceLog.Line> first = log.get().tail(tail);
        if (!follow) {
            var text = new StringBuilder();
            first.forEach(l -> text.append(l.text()).append('\n'));
            ctx.send(text.toString());
            return;
        }
        try (OutputStream out = ctx.stream()) {
            stream(out, log.get(), first);
        }
    }

    private void stream(OutputStream out, InstanceLog log, List<InstanceLog.Line> first) throws IOException {
        long seen = write(out, first, 0);
        out.flush();
        try {
            while (!closing.getAsBoolean() && !log.isClosed()) {
                List<InstanceLog.Line> more = log.awaitAfter(seen, POLL);
                if (!more.isEmpty()) {
                    seen = write(out, more, seen);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long write(OutputStream out, List<InstanceLog.Line> lines, long seen) throws IOException {
        long last = seen;
        for (InstanceLog.Line line : lines) {
            out.write((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
            last = line.seq();
        }
        return last;
    }

    private static Integer tailLines(HttpExchange ctx) throws IOException {
        String text = ctx.queryParam("tailLines");
        if (text == null || text.isBlank()) {
            return -1;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        GatewayErrors.badRequest(ctx, "tailLines=" + text + " is not a number of lines (0 or more)");
        return null;
    }

    private static Boolean follow(HttpExchange ctx) throws IOException {
        String text = ctx.queryParam("follow");
        if (text == null || text.isBlank() || text.equalsIgnoreCase("false") || text.equals("0")) {
            return false;
        }
        if (text.equalsIgnoreCase("true") || text.equals("1")) {
            return true;
        }
        GatewayErrors.badRequest(ctx, "follow=" + text + " is not true or false");
        return null;
    }
}
