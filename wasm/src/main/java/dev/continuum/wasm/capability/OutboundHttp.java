package dev.continuum.wasm.capability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 client behind {@code continuum.http_request}. It checks the allow-list on the
 * address it actually connects to, not on anything the guest can write:
 * <ol>
 *   <li>the URL's scheme, host and port must equal an allow-list entry (the guest's own
 *       {@code Host} header is dropped and written from the URL);</li>
 *   <li>the host is resolved once, and every address is checked: loopback, wildcard, link-local
 *       (cloud metadata) and multicast addresses are refused unless the entry names that address
 *       explicitly ({@code http://127.0.0.1:8080}, {@code http://localhost:8080});</li>
 *   <li>the socket connects to the checked address itself, so DNS cannot answer differently
 *       between the check and the connection;</li>
 *   <li>redirects are followed (at most five) only to targets that pass the same checks.</li>
 * </ol>
 * Outcomes are values ({@link Result}); nothing here throws for what the remote side does.
 * Thread-safe.
 */
public final class OutboundHttp {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final HttpAllowList allowList;
    private final AddressResolver resolver;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final SSLSocketFactory tls;

    public OutboundHttp(
            HttpAllowList allowList, AddressResolver resolver, Duration timeout, int maxResponseBytes, SSLContext tls) {
        this.allowList = allowList;
        this.resolver = resolver;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.tls = tls.getSocketFactory();
    }

    /** A client with the system resolver, 10 s timeouts, 16 MiB responses and the JDK's trust store. */
    public static OutboundHttp standard(HttpAllowList allowList) {
        try {
            return new OutboundHttp(
                    allowList, AddressResolver.system(), Duration.ofSeconds(10), 16 << 20, SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** A response, or an {@link AbiStatus} code and the reason when there is none. */
    public record Result(int status, int httpStatus, byte[] body, String reason) {
        static Result failed(int status, String reason) {
            return new Result(status, 0, new byte[0], reason);
        }
    }

    /**
     * Sends one request. {@code headers} are "Name: value" lines; Host, Connection,
     * Content-Length and Transfer-Encoding from the guest are replaced.
     */
    public Result send(String method, String url, String headers, byte[] body) {
        if (!TOKEN.matcher(method).matches()) {
            return Result.failed(AbiStatus.INVALID, "method \"" + method + "\" is not an HTTP token");
        }
        List<String[]> guestHeaders = new ArrayList<>();
        for (String line : headers.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches() || line.indexOf('\r') >= 0) {
                return Result.failed(AbiStatus.INVALID, "header line \"" + line + "\" is not \"Name: value\"");
            }
            String name = line.substring(0, colon);
            if (!List.of("host", "connection", "content-length", "transfer-encoding")
                    .contains(name.toLowerCase(Locale.ROOT))) {
                guestHeaders.add(new String[] {name, line.substring(colon + 1).strip()});
            }
        }
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            return Result.failed(AbiStatus.INVALID, "\"" + url + "\" is not a URL");
        }
        String currentMethod = method;
        byte[] currentBody = body;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            var entry = allowList.match(target);
            if (entry.isEmpty()) {
                return Result.failed(
                        AbiStatus.DENIED,
                        (hop == 0 ? "" : "redirect to ") + target + " is not on the http-outbound allow-list "
                                + allowList.entries());
            }
            var response = exchange(entry.get(), target, currentMethod, guestHeaders, currentBody);
            if (response.status() != AbiStatus.OK || !isRedirect(response.httpStatus()) || response.reason() == null) {
                return response;
            }
            try {
                target = target.resolve(new URI(response.reason()));
            } catch (URISyntaxException e) {
                return Result.failed(
                        AbiStatus.INVALID, "the server redirected to \"" + response.reason() + "\", not a URL");
            }
            if (response.httpStatus() == 303) {
                currentMethod = "GET";
                currentBody = new byte[0];
            }
        }
        return Result.failed(AbiStatus.LIMIT, "more than " + MAX_REDIRECTS + " redirects");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private Result exchange(HttpAllowList.Target entry, URI url, String method, List<String[]> headers, byte[] body) {
        List<InetAddress> addresses;
        try {
            addresses = entry.host().startsWith("[")
                    ? List.of(InetAddress.getByName(
                            entry.host().substring(1, entry.host().length() - 1)))
                    : resolver.resolve(entry.host());
        } catch (UnknownHostException e) {
            return Result.failed(AbiStatus.UNAVAILABLE, "cannot resolve " + entry.host());
        }
        String refused = null;
        for (InetAddress address : addresses) {
            if (isInternal(address) && !entry.namesAddressExplicitly()) {
                refused = entry.host() + " resolves to " + address.getHostAddress()
                        + ", an internal address; list it by that address to allow it";
                continue;
            }
            try (Socket socket = connect(entry, address)) {
                return roundTrip(socket, entry, url, method, headers, body);
            } catch (SocketTimeoutException e) {
                return Result.failed(AbiStatus.TIMEOUT, "no answer from " + entry + " within " + timeout);
            } catch (IOException e) {
                refused = "cannot reach " + entry + " at " + address.getHostAddress() + ": " + e.getMessage();
            }
        }
        return Result.failed(
                refused != null && refused.contains("internal address") ? AbiStatus.DENIED : AbiStatus.UNAVAILABLE,
                refused == null ? entry.host() + " has no address" : refused);
    }

    private static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isMulticastAddress();
    }

    private Socket connect(HttpAllowList.Target entry, InetAddress address) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, entry.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            if (!entry.scheme().equals("https")) {
                return socket;
            }
            var secure = (SSLSocket) tls.createSocket(socket, entry.host(), entry.port(), true);
            var parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return secure;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Result roundTrip(
            Socket socket, HttpAllowList.Target entry, URI url, String method, List<String[]> headers, byte[] body)
            throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        boolean defaultPort = entry.port() == (entry.scheme().equals("https") ? 443 : 80);
        var request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(query)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(entry.host())
                .append(defaultPort ? "" : ":" + entry.port())
                .append("\r\n")
                .append("Connection: close\r\n")
                .append("User-Agent: continuum-wasm\r\n");
        if (body.length > 0 || List.of("POST", "PUT", "PATCH").contains(method)) {
            request.append("Content-Length: ").append(body.length).append("\r\n");
        }
        for (String[] header : headers) {
            request.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return readResponse(new BufferedInputStream(socket.getInputStream()), method);
    }

    private Result readResponse(InputStream in, String method) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            return Result.failed(AbiStatus.UNAVAILABLE, "the server did not answer HTTP/1.x: \"" + statusLine + "\"");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return Result.failed(AbiStatus.UNAVAILABLE, "bad status line \"" + statusLine + "\"");
        }
        Map<String, String> responseHeaders = new java.util.HashMap<>();
        int headerBytes = 0;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                return Result.failed(AbiStatus.LIMIT, "response headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                responseHeaders.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        if (isRedirect(status) && responseHeaders.containsKey("location")) {
            return new Result(AbiStatus.OK, status, new byte[0], responseHeaders.get("location"));
        }
        if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
            return new Result(AbiStatus.OK, status, new byte[0], null);
        }
        var bodyBytes = new ByteArrayOutputStream();
        String length = responseHeaders.get("content-length");
        if ("chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))) {
            for (long chunk = Long.parseLong(readLine(in).split(";")[0].strip(), 16);
                    chunk > 0;
                    chunk = Long.parseLong(readLine(in).split(";")[0].strip(), 16)) {
                if (bodyBytes.size() + chunk > maxResponseBytes) {
                    return Result.failed(AbiStatus.LIMIT, "response body larger than " + maxResponseBytes + " bytes");
                }
                bodyBytes.write(in.readNBytes((int) chunk));
                readLine(in);
            }
        } else if (length != null) {
            long declared = Long.parseLong(length.strip());
            if (declared > maxResponseBytes) {
                return Result.failed(
                        AbiStatus.LIMIT, "response body of " + declared + " bytes is larger than " + maxResponseBytes);
            }
            bodyBytes.write(in.readNBytes((int) declared));
        } else {
            byte[] rest = in.readNBytes(maxResponseBytes + 1);
            if (rest.length > maxResponseBytes) {
                return Result.failed(AbiStatus.LIMIT, "response body larger than " + maxResponseBytes + " bytes");
            }
            bodyBytes.write(rest);
        }
        return new Result(AbiStatus.OK, status, bodyBytes.toByteArray(), null);
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed mid-response");
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("a response line is longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
