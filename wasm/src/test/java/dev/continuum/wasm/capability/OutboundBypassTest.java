package dev.continuum.wasm.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The known ways around an http-outbound allow-list, tried against {@link OutboundHttp} with a real
 * server on loopback that records every request it gets: Host header games, header injection,
 * redirects off the list (by scheme, port, address spelling and DNS name), IP literals spelled every
 * way, and DNS names that resolve to loopback, wildcard, link-local (cloud metadata) or a mix.
 * Whatever is refused must never reach the server; {@link CapabilitiesTest} has the basic cases.
 */
class OutboundBypassTest {

    private HttpServer server;
    private int port;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Host=" + host + " X-Extra="
                    + exchange.getRequestHeaders().getFirst("X-Extra"));
            String path = exchange.getRequestURI().getPath();
            String location = exchange.getRequestURI().getQuery();
            if (path.startsWith("/redirect") && location != null) {
                exchange.getResponseHeaders().add("Location", location.substring("to=".length()));
                exchange.sendResponseHeaders(path.endsWith("307") ? 307 : 302, -1);
            } else if (path.equals("/loop")) {
                exchange.getResponseHeaders().add("Location", "/loop");
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = ("host " + host).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static SSLContext tls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client allowed exactly {@code entries}, resolving names with {@code names} only (address
     * literals stand for themselves, as with the system resolver).
     */
    private static OutboundHttp client(List<String> entries, Map<String, List<String>> names) {
        AddressResolver resolver = host -> {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return List.of(InetAddress.getByName(host));
            }
            List<String> addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            var out = new java.util.ArrayList<InetAddress>();
            for (String a : addresses) {
                out.add(InetAddress.getByName(a));
            }
            return out;
        };
        return new OutboundHttp(HttpAllowList.of(entries), resolver, Duration.ofSeconds(5), 1 << 20, tls());
    }

    private OutboundHttp loopbackOnly() {
        return client(List.of("http://127.0.0.1:" + port), Map.of());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void denied(OutboundHttp.Result r) {
        assertThat(r.status()).as("%s", r.reason()).isEqualTo(AbiStatus.DENIED);
    }

    @Test
    void theServerSeesTheListedHostWhateverHostHeaderTheGuestWrites() {
        OutboundHttp c = loopbackOnly();
        String headers = "hOsT: evil.example\nHost: metadata.internal\n host: x\nX-Extra: kept\n";

        OutboundHttp.Result r = c.send("GET", base() + "/ok", headers, new byte[0]);

        assertThat(r.status())
                .as("a header line starting with a space is no header")
                .isEqualTo(AbiStatus.INVALID);
        OutboundHttp.Result clean = c.send("GET", base() + "/ok", "hOsT: evil.example\nX-Extra: kept\n", new byte[0]);
        assertThat(clean.status()).isEqualTo(AbiStatus.OK);
        assertThat(new String(clean.body(), StandardCharsets.UTF_8)).isEqualTo("host 127.0.0.1:" + port);
        assertThat(received).containsExactly("GET /ok Host=127.0.0.1:" + port + " X-Extra=kept");
    }

    @Test
    void headersCannotSmuggleAnotherRequestOrHost() {
        OutboundHttp c = loopbackOnly();

        assertThat(c.send("GET", base() + "/ok", "X-Extra: a\r\nHost: evil.example", new byte[0])
                        .status())
                .as("CRLF inside a header value is split into lines; the Host line is dropped")
                .isEqualTo(AbiStatus.OK);
        assertThat(c.send("GET", base() + "/ok", "X-Extra: a\rHost: evil.example", new byte[0])
                        .status())
                .as("a bare CR in a header line")
                .isEqualTo(AbiStatus.INVALID);
        assertThat(c.send("GET / HTTP/1.1\r\nHost: evil", base() + "/ok", "", new byte[0])
                        .status())
                .as("a method that is not a token")
                .isEqualTo(AbiStatus.INVALID);
        assertThat(c.send("GET", base() + "/ok\r\nHost: evil", "", new byte[0]).status())
                .as("CRLF in the URL")
                .isEqualTo(AbiStatus.INVALID);
        assertThat(received).allSatisfy(line -> assertThat(line).contains("Host=127.0.0.1:" + port));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://evil.example@127.0.0.1:%d/ok",
                "http://127.0.0.1:%d@evil.example/ok",
                "http://evil.example#@127.0.0.1:%d/ok",
                "http://127.0.0.1:%d\\@evil.example/ok",
                "http://0177.0.0.1:%d/ok",
                "http://0x7f.0.0.1:%d/ok",
                "http://0x7f000001:%d/ok",
                "http://017700000001:%d/ok",
                "http://127.0.1:%d/ok",
                "http://[::ffff:127.0.0.1]:%d/ok",
                "http://[::ffff:7f00:1]:%d/ok",
                "http://[::1]:%d/ok",
                "http://[::]:%d/ok",
                "http://0.0.0.0:%d/ok",
                "http://localhost:%d/ok",
                "http://127.0.0.2:%d/ok",
                "https://127.0.0.1:%d/ok",
                "ftp://127.0.0.1:%d/ok"
            })
    void anotherSpellingOfAnAddressOrAnotherTargetIsRefused(String template) {
        OutboundHttp.Result r = loopbackOnly().send("GET", template.formatted(port), "", new byte[0]);

        assertThat(r.status()).as("%s: %s", template, r.reason()).isIn(AbiStatus.DENIED, AbiStatus.INVALID);
        assertThat(received).isEmpty();
    }

    @Test
    void anUpperCaseNameWithATrailingDotIsStillCheckedByWhereItResolves() {
        OutboundHttp c =
                client(List.of("http://api.example.test:" + port), Map.of("api.example.test", List.of("127.0.0.1")));

        denied(c.send("GET", "http://API.example.test.:" + port + "/ok", "", new byte[0]));
        assertThat(received)
                .as("the name resolves to loopback, which the entry does not name")
                .isEmpty();
    }

    @Test
    void redirectsAreCheckedLikeTheFirstRequest() {
        OutboundHttp c = loopbackOnly();

        assertThat(c.send("GET", base() + "/redirect?to=/ok", "", new byte[0]).httpStatus())
                .as("a redirect on the list is followed")
                .isEqualTo(200);
        received.clear();
        for (String off : List.of(
                "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/ok",
                "https://127.0.0.1:" + port + "/ok",
                "http://[::1]:" + port + "/ok",
                "http://localhost:" + port + "/ok",
                "http://0x7f000001:" + port + "/ok",
                "http://169.254.169.254/latest/meta-data/",
                "http://user@127.0.0.1:" + port + "/ok",
                "file:///etc/passwd")) {
            denied(c.send("GET", base() + "/redirect?to=" + off, "", new byte[0]));
        }
        assertThat(received)
                .as("only the redirecting requests arrived, never their targets")
                .allSatisfy(line -> assertThat(line).startsWith("GET /redirect"));
        assertThat(c.send("GET", base() + "/loop", "", new byte[0]).status()).isEqualTo(AbiStatus.LIMIT);
    }

    @Test
    void aRedirectToANameThatResolvesToLoopbackIsRefused() {
        OutboundHttp c = client(
                List.of("http://127.0.0.1:" + port, "http://api.example.test:" + port),
                Map.of("api.example.test", List.of("127.0.0.1")));

        denied(c.send("GET", base() + "/redirect?to=http://api.example.test:" + port + "/ok", "", new byte[0]));
        assertThat(received).allSatisfy(line -> assertThat(line).startsWith("GET /redirect"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"127.0.0.1", "127.0.0.2", "::1", "0.0.0.0", "::", "169.254.169.254", "fe80::1", "224.0.0.1"})
    void aNameThatResolvesToAnInternalAddressIsRefusedWithoutConnecting(String address) {
        AtomicInteger lookups = new AtomicInteger();
        AddressResolver resolver = host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByName(address));
        };
        var c = new OutboundHttp(
                HttpAllowList.of(List.of("http://api.example.test:" + port)),
                resolver,
                Duration.ofSeconds(5),
                1 << 20,
                tls());

        OutboundHttp.Result r = c.send("GET", "http://api.example.test:" + port + "/ok", "", new byte[0]);

        denied(r);
        assertThat(r.reason()).contains("internal address");
        assertThat(lookups)
                .as("resolved once, so the answer cannot change before the connection")
                .hasValue(1);
        assertThat(received).isEmpty();
    }

    @Test
    void aNameWithSeveralAddressesIsRefusedWhenEveryOneIsInternal() {
        OutboundHttp c = client(
                List.of("http://api.example.test:" + port),
                Map.of("api.example.test", List.of("::1", "127.0.0.1", "169.254.169.254")));

        denied(c.send("GET", "http://api.example.test:" + port + "/ok", "", new byte[0]));
        assertThat(received).isEmpty();
    }

    @Test
    void anAddressListedExplicitlyIsReachableAndOnlyThatOne() {
        OutboundHttp c = client(List.of("http://127.0.0.1:" + port), Map.of());

        assertThat(c.send("GET", base() + "/ok", "", new byte[0]).httpStatus()).isEqualTo(200);
        assertThat(received).containsExactly("GET /ok Host=127.0.0.1:" + port + " X-Extra=null");
    }
}
