package dev.continuum.wasm.wagi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request for a WAGI function, as the gateway received it.
 *
 * @param method the request method, e.g. {@code GET}
 * @param scriptName the route prefix that selected the function, e.g. {@code /fn/default/hello/greet}
 * @param pathInfo the rest of the path after {@code scriptName}, still URL-encoded ({@code ""} when none)
 * @param query the raw query string without {@code ?} ({@code ""} when none)
 * @param headers request headers; names are matched case-insensitively
 * @param body the request body ({@code byte[0]} when none)
 * @param remoteAddr the client's address
 * @param serverName the host name the request was addressed to
 * @param serverPort the port the request arrived on
 */
public record WagiRequest(
        String method,
        String scriptName,
        String pathInfo,
        String query,
        Map<String, List<String>> headers,
        byte[] body,
        String remoteAddr,
        String serverName,
        int serverPort) {

    public WagiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scriptName, "scriptName");
        pathInfo = pathInfo == null ? "" : pathInfo;
        query = query == null ? "" : query;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        remoteAddr = remoteAddr == null ? "" : remoteAddr;
        serverName = serverName == null ? "localhost" : serverName;
    }

    /** A GET of {@code scriptName + pathInfo + "?" + query} with no headers, from 127.0.0.1 to localhost:80. */
    public static WagiRequest get(String scriptName, String pathInfo, String query) {
        return new WagiRequest("GET", scriptName, pathInfo, query, Map.of(), new byte[0], "127.0.0.1", "localhost", 80);
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

    @Override
    public boolean equals(Object other) {
        return other instanceof WagiRequest that
                && method.equals(that.method)
                && scriptName.equals(that.scriptName)
                && pathInfo.equals(that.pathInfo)
                && query.equals(that.query)
                && headers.equals(that.headers)
                && java.util.Arrays.equals(body, that.body)
                && remoteAddr.equals(that.remoteAddr)
                && serverName.equals(that.serverName)
                && serverPort == that.serverPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, scriptName, pathInfo, query, headers, java.util.Arrays.hashCode(body), serverPort);
    }

    @Override
    public String toString() {
        return method + " " + scriptName + pathInfo + (query.isEmpty() ? "" : "?" + query) + " (" + body.length
                + " bytes)";
    }
}
