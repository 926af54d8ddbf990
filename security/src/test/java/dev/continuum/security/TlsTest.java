package dev.continuum.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes between the JDK's HTTPS server and client, with the contexts of {@link Tls}. */
class TlsTest {

    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private HttpsServer server;
    private RotatingKeyManager serverKeys;

    @BeforeEach
    void setUp() {
        ca = CertificateAuthority.loadOrCreate(dir, "test", Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves "hello <who is calling>" with {@code identity}'s certificate; asks clients for theirs. */
    private URI serve(IssuedCertificate identity) throws IOException {
        serverKeys = new RotatingKeyManager(identity);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        SSLContext context = Tls.server(serverKeys, ca.certificate());
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                var p = context.getDefaultSSLParameters();
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            String who;
            try {
                var peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                who = PeerIdentity.describe((X509Certificate) peer[0]);
            } catch (SSLPeerUnverifiedException e) {
                who = "anonymous";
            }
            byte[] body = ("hello " + who).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static String get(SSLContext context, URI uri) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(context).build()) {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    private IssuedCertificate node(String name, List<String> hosts, CertificateAuthority issuer) {
        KeyPair keys = KeyPairs.ecP256();
        X509Certificate cert = issuer.signNode(
                NodeCertificateRequest.parse(NodeCertificateRequest.create(keys, name, hosts)),
                name,
                Duration.ofHours(1));
        return new IssuedCertificate(keys.getPrivate(), List.of(cert, issuer.certificate()));
    }

    @Test
    void aClientTrustingTheCaReachesTheControlPlaneAndIsSeenByItsNodeCertificate() throws Exception {
        URI uri = serve(ca.issueControlPlane(List.of("127.0.0.1"), Duration.ofDays(1)));
        var nodeKeys = new RotatingKeyManager(node("gw-1", List.of(), ca));

        assertThat(get(Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, null), uri))
                .isEqualTo("hello anonymous");
        assertThat(get(Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, nodeKeys), uri))
                .isEqualTo("hello node gw-1");
    }

    @Test
    void aNodeCertificateCannotPassForTheControlPlaneEvenForTheRightHost() throws Exception {
        URI uri = serve(node("gw-1", List.of("127.0.0.1"), ca));

        assertThatThrownBy(() -> get(Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, null), uri))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("belongs to node gw-1, not to the control plane");
        assertThat(get(Tls.client(ca.certificate(), PeerRole.NODE, null), uri)).isEqualTo("hello anonymous");
    }

    @Test
    void theHostNameMustBeInTheCertificate() throws Exception {
        URI uri = serve(ca.issueControlPlane(List.of("cp.example"), Duration.ofDays(1)));

        assertThatThrownBy(() -> get(Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, null), uri))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void aPinnedFirstContactAcceptsOnlyTheCaWithThatKey() throws Exception {
        URI uri = serve(ca.issueControlPlane(List.of("127.0.0.1"), Duration.ofDays(1)));

        Tls.Pinned right = Tls.pinned(ca.pin(), PeerRole.CONTROL_PLANE);
        assertThat(get(right.context(), uri)).isEqualTo("hello anonymous");
        assertThat(right.ca()).contains(ca.certificate());

        CertificateAuthority other =
                CertificateAuthority.loadOrCreate(dir.resolve("other"), "other", Clock.systemUTC());
        Tls.Pinned wrong = Tls.pinned(other.pin(), PeerRole.CONTROL_PLANE);
        assertThatThrownBy(() -> get(wrong.context(), uri)).isInstanceOf(SSLHandshakeException.class);
        assertThat(wrong.mismatch())
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("the server's CA is " + ca.pin())
                        .contains("not the pinned " + other.pin()));
    }

    @Test
    void certificatesOfAnotherCaAndExpiredOnesAreRefused() throws Exception {
        CertificateAuthority other =
                CertificateAuthority.loadOrCreate(dir.resolve("other"), "other", Clock.systemUTC());
        URI uri = serve(other.issueControlPlane(List.of("127.0.0.1"), Duration.ofDays(1)));
        assertThatThrownBy(() -> get(Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, null), uri))
                .isInstanceOf(SSLHandshakeException.class);
        server.stop(0);

        Clock lastWeek = Clock.fixed(Instant.now().minus(Duration.ofDays(7)), ZoneOffset.UTC);
        CertificateAuthority past = CertificateAuthority.loadOrCreate(dir, "test", lastWeek);
        URI expired = serve(past.issueControlPlane(List.of("127.0.0.1"), Duration.ofDays(1)));
        assertThatThrownBy(() -> get(Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, null), expired))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aServerPresentsItsRenewedCertificateFromTheNextHandshakeOn() throws Exception {
        URI uri = serve(node("gw-1", List.of("127.0.0.1"), ca));
        serverKeys.update(node("gw-1-renewed", List.of("127.0.0.1"), ca));

        var seen = new java.util.concurrent.atomic.AtomicReference<X509Certificate>();
        SSLContext recording = Tls.client(ca.certificate(), PeerRole.NODE, null);
        try (HttpClient client = HttpClient.newBuilder().sslContext(recording).build()) {
            var answer = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            answer.sslSession().ifPresent(s -> {
                try {
                    seen.set((X509Certificate) s.getPeerCertificates()[0]);
                } catch (SSLPeerUnverifiedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertThat(PeerIdentity.nodeOf(seen.get())).contains("gw-1-renewed");
    }
}
