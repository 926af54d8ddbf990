package dev.continuum.wasm.wagi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP response a WAGI function produced (or the 500 the gateway made for it).
 *
 * @param status the HTTP status code
 * @param headers response headers in the order the function wrote them
 * @param body the response body
 */
public record WagiResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public WagiResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be in 100..599, got " + status);
        }
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        body = Objects.requireNonNull(body, "body");
    }

    /** A {@code text/plain} response. */
    public static WagiResponse text(int status, String text) {
        return new WagiResponse(
                status,
                Map.of("Content-Type", List.of("text/plain; charset=utf-8")),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first value of a header, matched case-insensitively, or null. */
    public String header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WagiResponse that
                && status == that.status
                && headers.equals(that.headers)
                && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "WagiResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
