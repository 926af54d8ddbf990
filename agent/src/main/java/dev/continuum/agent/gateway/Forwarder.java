package dev.continuum.agent.gateway;

import dev.continuum.wasm.wagi.WagiRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Sends a function request on to another node's gateway, marked with
 * {@value FunctionHandler#FORWARDED_BY} so that the receiver never forwards it again. Hop-by-hop
 * headers are dropped both ways. Thread-safe.
 */
final class Forwarder {

    /** Headers that describe one connection, not the request; never copied across a hop. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "http2-settings");

    /** What the other node answered. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

    private final Duration timeout;
    private final SSLContext tls;
    /** Made on the first forward: an agent that never forwards needs no client (its thread, its TLS). */
    private HttpClient http;

    /** @param tls how to reach other gateways over HTTPS (trusting node certificates of the CA), or null */
    Forwarder(Duration timeout, SSLContext tls) {
        this.timeout = timeout;
        this.tls = tls;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (tls != null) {
                builder.sslContext(tls);
            }
            http = builder.build();
        }
        return http;
    }

    static boolean isHopByHop(String header) {
        return HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT)) || header.startsWith(":");
    }

    /**
     * Forwards {@code request} to the gateway at {@code address}.
     *
     * @throws IOException when the other node cannot be reached or does not answer in time
     */
    Answer forward(String address, WagiRequest request, String fromNode) throws IOException, InterruptedException {
        String base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        URI uri = URI.create(base
                + request.scriptName()
                + request.pathInfo()
                + (request.query().isEmpty() ? "" : "?" + request.query()));
        var builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        request.method(),
                        request.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!isHopByHop(name) && !name.equalsIgnoreCase(FunctionHandler.FORWARDED_BY)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        builder.header(FunctionHandler.FORWARDED_BY, fromNode);
        HttpResponse<byte[]> response = http().send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        var headers = new LinkedHashMap<String, List<String>>();
        response.headers().map().forEach((name, values) -> {
            if (!isHopByHop(name) && !name.equalsIgnoreCase("date") && !name.equalsIgnoreCase("server")) {
                headers.put(name, values);
            }
        });
        return new Answer(response.statusCode(), headers, response.body());
    }

    /** A short reason for a failed forward. */
    static String describe(IOException e) {
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
