package dev.continuum.apiserver;

import dev.continuum.model.codec.ResourceCodec;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who changed what, and when: every mutating API request ({@code POST}, {@code PUT}, {@code DELETE} on
 * {@code /api/}, refused ones included) as one JSON line, with its time, caller, method, path,
 * route, namespace and name, answer status and the caller's address. Request bodies are never
 * written (they may hold secrets). The file rotates at {@value #ROTATE_BYTES} bytes to
 * {@code <file>.1}.
 *
 * <pre>
 * {"time":"2026-03-01T10:15:02.120Z","user":"user/alice","method":"POST",
 *  "path":"/api/v1/namespaces/team-a/applications","route":"/api/v1/namespaces/{namespace}/{plural}",
 *  "namespace":"team-a","status":201,"remote":"127.0.0.1"}
 * </pre>
 *
 * Metrics: {@code continuum_api_mutations_total{identity,method,status}} for each line, and
 * {@code continuum_api_denied_total{identity,status}} for every 401 and 403, reads included.
 * Thread-safe.
 */
final class AuditLog implements AutoCloseable {

    /** A request attribute naming what a request acts for when the caller cannot say (the node a join is for). */
    static final String SUBJECT = "continuum.audit.subject";

    static final long ROTATE_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final MeterRegistry registry;
    private final Clock clock;
    private OutputStream out;
    private long size;

    /** @param file the JSON-lines file, or null to keep only the metrics */
    AuditLog(Path file, MeterRegistry registry, Clock clock) {
        this.file = file;
        this.registry = registry;
        this.clock = clock;
    }

    static boolean mutating(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("DELETE") || method.equals("PATCH");
    }

    /** Records the answered request {@code ctx}, when it is a mutating API request or a refusal. */
    void record(Context ctx, Identity who, int status) {
        if (!ctx.path().startsWith("/api/")) {
            return;
        }
        String method = ctx.method().name();
        String identity = who.type().name().toLowerCase(java.util.Locale.ROOT);
        if (status == 401 || status == 403) {
            Counter.builder("continuum.api.denied")
                    .description("API requests refused for want of a credential (401) or a permission (403)")
                    .tag("identity", identity)
                    .tag("status", Integer.toString(status))
                    .register(registry)
                    .increment();
        }
        if (!mutating(method)) {
            return;
        }
        Counter.builder("continuum.api.mutations")
                .description("mutating API requests, as the audit log records them")
                .tag("identity", identity)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        if (file == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("user", who.toString());
        Object subject = ctx.attribute(SUBJECT);
        if (subject != null) {
            line.put("subject", subject.toString());
        }
        line.put("method", method);
        line.put("path", ctx.path());
        Object route = ctx.attribute(ApiMetrics.ROUTE);
        if (route != null) {
            line.put("route", route.toString());
        }
        Map<String, String> params = ctx.pathParamMap();
        if (params.containsKey(ResourcePath.PLURAL)) {
            line.put("resource", params.get(ResourcePath.PLURAL));
        }
        if (params.containsKey(ResourcePath.NAMESPACE)) {
            line.put("namespace", params.get(ResourcePath.NAMESPACE));
        }
        if (params.containsKey(ResourcePath.NAME)) {
            line.put("name", params.get(ResourcePath.NAME));
        }
        line.put("status", status);
        line.put("remote", ctx.ip());
        write(ResourceCodec.get().encode(line));
    }

    private synchronized void write(byte[] json) {
        try {
            if (out == null || size > ROTATE_BYTES) {
                open();
            }
            out.write(json);
            out.write('\n');
            out.flush();
            size += json.length + 1;
        } catch (IOException e) {
            LOG.error("cannot write the audit log {}: {}", file, e.getMessage());
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
    }

    private void open() throws IOException {
        if (out != null) {
            out.close();
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("closing the audit log {} failed: {}", file, e.getMessage());
            }
            out = null;
        }
    }
}
