package dev.continuum.agent.gateway;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP/1.1 server: blocking sockets, one virtual thread per connection, optionally over
 * TLS (asking callers for a certificate without requiring one). Small on purpose — an idle agent
 * should load little (docs/architecture/agent.md, "Memory"): persistent connections, request bodies
 * by length or chunked (up to {@link #MAX_BODY}), {@code Expect: 100-continue}, answers by length or
 * chunked. What it refuses before a handler runs (a malformed request line or header, a body too
 * large) is answered by the {@link Refusal} it is given, in JSON.
 */
final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    /** The largest request body accepted. */
    static final int MAX_BODY = 16 << 20;
    /** The largest request line plus headers accepted. */
    static final int MAX_HEAD = 16 << 10;
    /** How long a connection may wait for (the rest of) a request. */
    private static final int IDLE_TIMEOUT_MS = 30_000;

    /**
     * What the server holds callers to.
     *
     * @param maxConnections connections served at once; more are answered 503 and closed
     * @param headTimeout how long a request's head (or a chunked body's framing) may take to arrive,
     *     from its first byte (408 beyond)
     */
    record Limits(int maxConnections, Duration headTimeout) {
        static final Limits DEFAULT = new Limits(1024, Duration.ofSeconds(30));
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Serves one request. */
    interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** Answers a request the server refused before a handler saw it: status, reason, message → JSON body. */
    interface Refusal {
        byte[] body(int status, String message);
    }

    private final ServerSocket socket;
    private final boolean tls;
    private final Handler handler;
    private final Refusal refusal;
    private final Limits limits;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    /** The connections whose request is being answered now. */
    private final Set<Socket> busy = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    /**
     * Binds at once.
     *
     * @throws IOException when the address cannot be bound
     */
    GatewayServer(String host, int port, SSLContext tls, Handler handler, Refusal refusal) throws IOException {
        this(host, port, tls, handler, refusal, Limits.DEFAULT);
    }

    /**
     * Binds at once, with other limits than the default ones.
     *
     * @throws IOException when the address cannot be bound
     */
    GatewayServer(String host, int port, SSLContext tls, Handler handler, Refusal refusal, Limits limits)
            throws IOException {
        this.tls = tls != null;
        this.handler = handler;
        this.refusal = refusal;
        this.limits = limits;
        ServerSocket s =
                tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 128);
            if (s instanceof SSLServerSocket ssl) {
                ssl.setWantClientAuth(true);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        this.socket = s;
    }

    GatewayServer start() {
        Thread.ofVirtual().name("gateway-accept").start(this::accept);
        return this;
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("the gateway cannot accept a connection: {}", e.getMessage());
                }
                continue;
            }
            if (connections.size() >= limits.maxConnections()) {
                Thread.ofVirtual().name("gateway-refusal").start(() -> refuseBusy(connection));
                continue;
            }
            connections.add(connection);
            if (closed) {
                closeQuietly(connection);
                break;
            }
            Thread.ofVirtual().name("gateway-connection").start(() -> serve(connection));
        }
    }

    private void refuseBusy(Socket connection) {
        try (connection) {
            connection.setSoTimeout(IDLE_TIMEOUT_MS);
            refuse(
                    connection.getOutputStream(),
                    503,
                    "the gateway is serving " + limits.maxConnections() + " connections already; try again shortly");
        } catch (IOException e) {
            // the caller went away
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(IDLE_TIMEOUT_MS);
            connection.setTcpNoDelay(true);
            var in = new BufferedInputStream(connection.getInputStream(), 8192);
            var out = new BufferedOutputStream(connection.getOutputStream(), 8192);
            X509Certificate[] peer = null;
            if (connection instanceof SSLSocket ssl) {
                ssl.startHandshake();
                peer = peerCertificates(ssl);
            }
            while (!closed && exchange(connection, in, out, peer)) {
                busy.remove(connection);
            }
        } catch (SocketTimeoutException | EOFException e) {
            // idle, or the caller went away
        } catch (IOException e) {
            LOG.debug("gateway connection from {} ended: {}", connection.getRemoteSocketAddress(), e.getMessage());
        } finally {
            busy.remove(connection);
            connections.remove(connection);
        }
    }

    /** Reads and answers one request; whether the connection may carry another. */
    private boolean exchange(Socket connection, InputStream in, OutputStream out, X509Certificate[] peer)
            throws IOException {
        String requestLine;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        try {
            var budget = new HeadBudget(limits.headTimeout());
            requestLine = readLine(in, budget, true);
            if (requestLine == null) {
                return false;
            }
            busy.add(connection);
            while (true) {
                String line = readLine(in, budget, false);
                if (line == null) {
                    return false;
                }
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || !isToken(line, colon)) {
                    throw new BadRequest(400, "malformed header line");
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                headers.computeIfAbsent(existing(headers, name), k -> new ArrayList<>())
                        .add(value);
            }
        } catch (BadRequest e) {
            refuse(out, e.status, e.getMessage());
            return false;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3
                || !parts[2].startsWith("HTTP/1.")
                || parts[0].isEmpty()
                || !isToken(parts[0], parts[0].length())
                || !parts[1].startsWith("/")) {
            refuse(out, 400, "malformed request line");
            return false;
        }
        String method = parts[0];
        String target = parts[1];
        boolean http10 = parts[2].equals("HTTP/1.0");
        List<String> connectionOptions = values(headers, "Connection").stream()
                .map(o -> o.toLowerCase(Locale.ROOT))
                .toList();
        boolean keepAlive = http10 ? connectionOptions.contains("keep-alive") : !connectionOptions.contains("close");
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        byte[] body;
        try {
            body = body(in, out, headers);
        } catch (BadRequest e) {
            refuse(out, e.status, e.getMessage() + " (" + method + " " + path + ")");
            return false;
        }
        var responder = new Answer(out, method.equals("HEAD"), keepAlive);
        var exchange = new HttpExchange(
                method,
                path,
                query,
                headers,
                body,
                connection.getInetAddress().getHostAddress(),
                serverName(headers, connection),
                connection.getLocalPort(),
                peer,
                responder);
        try {
            handler.handle(exchange);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            if (exchange.committed()) {
                throw new IOException("the handler failed after its answer began", e);
            }
            refuse(out, 500, "internal error (a bug in Continuum): " + e);
            return false;
        }
        if (!exchange.committed()) {
            exchange.send(new byte[0]);
        }
        responder.finish();
        return keepAlive;
    }

    private static String serverName(Map<String, List<String>> headers, Socket connection) {
        String host = HttpExchange.first(headers, "Host");
        if (host == null || host.isBlank()) {
            return connection.getLocalAddress().getHostAddress();
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private byte[] body(InputStream in, OutputStream out, Map<String, List<String>> headers) throws IOException {
        // Request smuggling: a body's length must have exactly one reading (RFC 9112, 6.1 and 6.3).
        List<String> encodings = values(headers, "Transfer-Encoding");
        List<String> lengths = values(headers, "Content-Length");
        String encoding = encodings.isEmpty() ? null : String.join(", ", encodings);
        boolean chunked = encoding != null && encoding.strip().equalsIgnoreCase("chunked");
        if (encoding != null && !chunked) {
            throw new BadRequest(400, "unsupported Transfer-Encoding " + encoding + " (only chunked)");
        }
        if (chunked && !lengths.isEmpty()) {
            throw new BadRequest(400, "both Transfer-Encoding and Content-Length");
        }
        if (lengths.stream().map(String::strip).distinct().count() > 1) {
            throw new BadRequest(400, "conflicting Content-Length headers " + lengths);
        }
        String length = lengths.isEmpty() ? null : lengths.getFirst();
        long declared = 0;
        if (!chunked && length != null) {
            // digits only (RFC 9112, 6.3): "+4" or " 4" could be read another way in front of us
            declared = number(length.strip(), 10);
            if (declared < 0) {
                throw new BadRequest(400, "Content-Length " + length + " is not a decimal number of bytes");
            }
            if (declared > MAX_BODY) {
                throw new BadRequest(413, tooLarge());
            }
            if (declared == 0) {
                return new byte[0];
            }
        } else if (!chunked) {
            return new byte[0];
        }
        String expect = HttpExchange.first(headers, "Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            out.write(CONTINUE);
            out.flush();
        }
        if (!chunked) {
            byte[] bytes = in.readNBytes((int) declared);
            if (bytes.length != declared) {
                throw new EOFException();
            }
            return bytes;
        }
        var body = new ByteArrayOutputStream();
        var budget = new HeadBudget(limits.headTimeout());
        while (true) {
            String sizeLine = readLine(in, budget, false);
            if (sizeLine == null) {
                throw new EOFException();
            }
            int semi = sizeLine.indexOf(';');
            long size = number(semi < 0 ? sizeLine : sizeLine.substring(0, semi).stripTrailing(), 16);
            if (size < 0) {
                throw new BadRequest(400, "malformed chunk size \"" + sizeLine + "\" (hexadecimal digits expected)");
            }
            if (body.size() + size > MAX_BODY) {
                throw new BadRequest(413, tooLarge());
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, budget, false);
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw new EOFException();
            }
            body.write(chunk);
            String end = readLine(in, budget, false);
            if (end == null || !end.isEmpty()) {
                throw new BadRequest(400, "malformed chunk");
            }
        }
    }

    /**
     * {@code text} as a number in {@code radix} when it is nothing but its digits (no sign, no
     * spaces, at most 15 of them), else -1.
     */
    private static long number(String text, int radix) {
        if (text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0) {
                return -1;
            }
            n = n * radix + digit;
        }
        return n;
    }

    private static String tooLarge() {
        return "the request body is larger than " + (MAX_BODY >> 20) + " MiB";
    }

    /** The name under which {@code name} is already kept (any case), or {@code name}. */
    private static String existing(Map<String, List<String>> headers, String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return name;
    }

    /** Every value of a header, in order, over all its lines and comma-separated lists. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        var all = new ArrayList<String>();
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                for (String line : entry.getValue()) {
                    for (String v : line.split(",", -1)) {
                        all.add(v.strip());
                    }
                }
            }
        }
        return all;
    }

    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** What is left for a request head, or a chunked body's framing: bytes, and time from its first byte. */
    private static final class HeadBudget {
        final Duration timeout;
        int bytes = MAX_HEAD;
        long deadline;
        boolean started;

        HeadBudget(Duration timeout) {
            this.timeout = timeout;
        }

        void spend() throws BadRequest {
            long now = System.nanoTime();
            if (!started) {
                started = true;
                deadline = now + timeout.toNanos();
            } else if (now - deadline > 0) {
                throw new BadRequest(408, "the request took longer than " + timeout.toMillis() + " ms to arrive");
            }
            if (--bytes < 0) {
                throw new BadRequest(431, "the request line and headers are larger than " + (MAX_HEAD >> 10) + " KiB");
            }
        }
    }

    /**
     * One line up to CRLF (or LF), as ISO-8859-1; null at the end of the stream before any byte.
     * Blank lines before a request line are skipped (RFC 9112, 2.2).
     */
    private static String readLine(InputStream in, HeadBudget budget, boolean requestLine) throws IOException {
        var line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.isEmpty()) {
                    return null;
                }
                throw new EOFException();
            }
            budget.spend();
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                if (requestLine && line.isEmpty()) {
                    continue;
                }
                return line.toString();
            }
            if (b == 0) {
                throw new BadRequest(400, "a NUL byte in the request head");
            }
            line.append((char) b);
        }
    }

    private void refuse(OutputStream out, int status, String message) {
        try {
            byte[] body = refusal.body(status, message);
            writeHead(
                    out,
                    status,
                    List.of(
                            new HttpExchange.Header("Content-Type", List.of(GatewayErrors.JSON)),
                            new HttpExchange.Header("Connection", List.of("close"))),
                    body.length,
                    false);
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the caller went away
        }
    }

    private static void writeHead(
            OutputStream out, int status, List<HttpExchange.Header> headers, long length, boolean chunked)
            throws IOException {
        var head = new StringBuilder(256);
        head.append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        for (var header : headers) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
                continue;
            }
            for (String value : header.values()) {
                head.append(clean(header.name()))
                        .append(": ")
                        .append(clean(value))
                        .append("\r\n");
            }
        }
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (length >= 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** No header splitting: CR and LF never reach the wire inside a name or value. */
    private static String clean(String s) {
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0
                ? s
                : s.replace('\r', ' ').replace('\n', ' ');
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 418 -> "I'm a teapot";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    private static X509Certificate[] peerCertificates(SSLSocket ssl) {
        try {
            Certificate[] chain = ssl.getSession().getPeerCertificates();
            var out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                if (!(chain[i] instanceof X509Certificate x509)) {
                    return null;
                }
                out[i] = x509;
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static boolean bodyless(int status) {
        return status < 200 || status == 204 || status == 304;
    }

    /** Writes one answer on a connection. */
    private static final class Answer implements HttpExchange.Responder {
        private final OutputStream out;
        private final boolean head;
        private final boolean keepAlive;
        private Chunked stream;

        Answer(OutputStream out, boolean head, boolean keepAlive) {
            this.out = out;
            this.head = head;
            this.keepAlive = keepAlive;
        }

        private List<HttpExchange.Header> withConnection(List<HttpExchange.Header> headers) {
            if (keepAlive) {
                return headers;
            }
            var all = new ArrayList<>(headers);
            all.add(new HttpExchange.Header("Connection", List.of("close")));
            return all;
        }

        @Override
        public void send(int status, List<HttpExchange.Header> headers, byte[] body) throws IOException {
            boolean none = bodyless(status);
            writeHead(out, status, withConnection(headers), none ? -1 : body.length, false);
            if (!head && !none) {
                out.write(body);
            }
            out.flush();
        }

        @Override
        public OutputStream stream(int status, List<HttpExchange.Header> headers) throws IOException {
            if (head || bodyless(status)) {
                writeHead(out, status, withConnection(headers), head ? -1 : 0, false);
                out.flush();
                return OutputStream.nullOutputStream();
            }
            writeHead(out, status, withConnection(headers), -1, true);
            stream = new Chunked(out);
            return stream;
        }

        /** Ends a stream the handler left open. */
        void finish() throws IOException {
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** A chunked body; flush sends what was written as one chunk, close ends the body. */
    private static final class Chunked extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean closed;

        Chunked(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            pending.write(b);
            if (pending.size() >= 8192) {
                flush();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            pending.write(b, off, len);
            if (pending.size() >= 8192) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            if (pending.size() > 0) {
                out.write((Integer.toHexString(pending.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                pending.writeTo(out);
                out.write('\r');
                out.write('\n');
                pending.reset();
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                flush();
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    }

    /** A request refused before any handler ran. */
    private static final class BadRequest extends IOException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * Stops accepting, closes idle connections, gives requests being answered up to {@code grace} to
     * end (handlers see their own closing flag), then closes every connection.
     */
    void close(Duration grace) {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        long end = System.nanoTime() + grace.toNanos();
        while (true) {
            for (Socket s : connections) {
                if (!busy.contains(s)) {
                    closeQuietly(s);
                }
            }
            if (busy.isEmpty() || System.nanoTime() > end) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket s : connections) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    boolean tls() {
        return tls;
    }
}
