package dev.continuum.agent.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the gateway and its answer ({@link GatewayServer}). The request is read whole before
 * a handler sees it; the answer is either a whole body ({@link #send(byte[])}) or a chunked stream
 * ({@link #stream()}). Used by one thread at a time.
 */
final class HttpExchange {

    private final String method;
    private final String rawPath;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String remoteAddress;
    private final String serverName;
    private final int localPort;
    private final X509Certificate[] peerCertificates;
    private final Responder responder;

    private int status = 200;
    private final Map<String, Header> responseHeaders = new LinkedHashMap<>();
    private boolean committed;

    /** How the server writes an answer. */
    interface Responder {
        void send(int status, List<Header> headers, byte[] body) throws IOException;

        OutputStream stream(int status, List<Header> headers) throws IOException;
    }

    /** A response header: its name as set, and its values. */
    record Header(String name, List<String> values) {}

    HttpExchange(
            String method,
            String rawPath,
            String query,
            Map<String, List<String>> headers,
            byte[] body,
            String remoteAddress,
            String serverName,
            int localPort,
            X509Certificate[] peerCertificates,
            Responder responder) {
        this.method = method;
        this.rawPath = rawPath;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
        this.serverName = serverName;
        this.localPort = localPort;
        this.peerCertificates = peerCertificates;
        this.responder = responder;
    }

    String method() {
        return method;
    }

    /** The path as sent, still percent-encoded, without the query. */
    String rawPath() {
        return rawPath;
    }

    /** The query as sent (percent-encoded), or null when the target had none. */
    String query() {
        return query;
    }

    /** The request's headers by name as sent (names that differ only in case are one), in order. */
    Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of the request header {@code name} (any case), or null. */
    String header(String name) {
        return first(headers, name);
    }

    /** The first value of {@code name} (any case) in headers kept as the server reads them, or null. */
    static String first(Map<String, List<String>> headers, String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    /** The first value of query parameter {@code name}, decoded, or null. */
    String queryParam(String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (Paths.decodeQuery(key).equals(name)) {
                return eq < 0 ? "" : Paths.decodeQuery(pair.substring(eq + 1));
            }
        }
        return null;
    }

    byte[] body() {
        return body;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    String serverName() {
        return serverName;
    }

    int localPort() {
        return localPort;
    }

    /** The caller's certificate chain over TLS when it presented one (checked by the handshake), else null. */
    X509Certificate[] peerCertificates() {
        return peerCertificates;
    }

    void status(int code) {
        this.status = code;
    }

    /** Sets {@code name} to one value, replacing what it had. */
    void header(String name, String value) {
        responseHeaders.put(name.toLowerCase(Locale.ROOT), new Header(name, new ArrayList<>(List.of(value))));
    }

    /** Adds a value to {@code name}. */
    void addHeader(String name, String value) {
        responseHeaders
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Header(name, new ArrayList<>()))
                .values()
                .add(value);
    }

    void removeHeader(String name) {
        responseHeaders.remove(name.toLowerCase(Locale.ROOT));
    }

    void contentType(String type) {
        header("Content-Type", type);
    }

    /** Whether the answer has begun (nothing can be changed then). */
    boolean committed() {
        return committed;
    }

    /** Answers with the status and headers set so far and {@code body}. */
    void send(byte[] body) throws IOException {
        commit();
        responder.send(status, List.copyOf(responseHeaders.values()), body);
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Begins a streamed answer (chunked); closing the stream ends it. */
    OutputStream stream() throws IOException {
        commit();
        return responder.stream(status, List.copyOf(responseHeaders.values()));
    }

    private void commit() {
        if (committed) {
            throw new IllegalStateException("the answer was already sent");
        }
        committed = true;
    }
}
