package dev.continuum.wasm.wagi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CGI/WAGI environment of one request: the request line, server facts and one
 * {@code HTTP_*} variable per header, as DeisLabs' WAGI sets them, over the component's own
 * environment. Pure function of the request and that environment.
 */
final class WagiEnvironment {
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]+");

    private WagiEnvironment() {}

    static Map<String, String> of(WagiRequest request) {
        return of(request, Map.of());
    }

    /** The request's environment over {@code base} (the component's own): the request's variables win. */
    static Map<String, String> of(WagiRequest request, Map<String, String> base) {
        var env = new LinkedHashMap<String, String>(base);
        // Headers first, so the CGI variables below win over a client sending e.g. "Content-Length".
        request.headers().forEach((name, values) -> {
            if (!HEADER_NAME.matcher(name).matches() || values.isEmpty()) {
                return;
            }
            String value = String.join(", ", values);
            if (value.indexOf('\0') >= 0) {
                return;
            }
            env.put("HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), value);
        });
        String contentType = request.header("Content-Type");
        String host = request.header("Host");
        String authority = host != null ? host : request.serverName() + ":" + request.serverPort();
        String query = request.query();
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_SOFTWARE", "WAGI/1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("SERVER_NAME", request.serverName());
        env.put("SERVER_PORT", Integer.toString(request.serverPort()));
        env.put("REQUEST_METHOD", request.method());
        env.put("SCRIPT_NAME", request.scriptName());
        env.put("PATH_INFO", decodePath(request.pathInfo()));
        env.put("X_RAW_PATH_INFO", request.pathInfo());
        env.put("PATH_TRANSLATED", decodePath(request.pathInfo()));
        env.put("QUERY_STRING", query);
        env.put("REMOTE_ADDR", request.remoteAddr());
        env.put("REMOTE_HOST", request.remoteAddr());
        env.put("AUTH_TYPE", "");
        env.put("REMOTE_USER", "");
        env.put("CONTENT_TYPE", contentType == null ? "" : contentType);
        env.put("CONTENT_LENGTH", Integer.toString(request.body().length));
        env.put("X_MATCHED_ROUTE", request.scriptName() + "/...");
        env.put(
                "X_FULL_URL",
                "http://" + authority + request.scriptName() + request.pathInfo()
                        + (query.isEmpty() ? "" : "?" + query));
        return env;
    }

    private static String decodePath(String raw) {
        try {
            // URLDecoder turns '+' into a space, which is right for queries but not for paths.
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
