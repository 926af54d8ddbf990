package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.security.CertificateAuthority;
import dev.continuum.security.IssuedCertificate;
import dev.continuum.security.KeyPairs;
import dev.continuum.security.NodeCertificateRequest;
import dev.continuum.security.PeerRole;
import dev.continuum.security.Pem;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.security.Tls;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A real API server as the control plane runs it: HTTPS with a cluster CA, access rules enforced,
 * an audit log, over a real SQLite store; a clock the test can move; and clients that speak to it
 * as users (bearer tokens) and as nodes (their certificates).
 */
final class SecureFixture implements AutoCloseable {

    /** A clock that starts at the real time (certificates must be valid for the JDK too) and moves when told. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    final MovableClock clock = new MovableClock();
    final SqliteStateStore kv;
    final ResourceStore store;
    final CertificateAuthority ca;
    final ApiServer server;
    final ClusterCredentials credentials;
    final String adminToken;
    final Path auditLog;

    SecureFixture(Path dir) {
        this(dir, Duration.ofHours(24));
    }

    SecureFixture(Path dir, Duration nodeCertificateLifetime) {
        kv = SqliteStateStore.open(dir.resolve("state.db"));
        AtomicInteger ids = new AtomicInteger();
        store = new ResourceStore(kv, clock, () -> "uid-" + ids.incrementAndGet());
        ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "test", clock);
        IssuedCertificate serverCert = ca.issueControlPlane(List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
        auditLog = dir.resolve("audit.log");
        server = new ApiServer(
                        store,
                        ApiServerOptions.defaults()
                                .withPort(0)
                                .withClock(clock)
                                .withTls(new ApiTls(ca, new RotatingKeyManager(serverCert), nodeCertificateLifetime))
                                .withAccessRules(true)
                                .withAuditLog(auditLog))
                .start();
        server.setReady(true);
        credentials = new ClusterCredentials(kv, clock);
        adminToken = credentials.adminToken("admin", null);
    }

    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    /** A TLS context that trusts the cluster CA and presents {@code keys} (or nothing). */
    SSLContext tls(RotatingKeyManager keys) {
        return Tls.client(ca.certificate(), PeerRole.CONTROL_PLANE, keys);
    }

    /** What the server answered. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return ResourceCodec.get().json().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }
    }

    /** A caller: a bearer token, a node certificate, both or neither. */
    final class Caller {
        private final String token;
        private final SSLContext context;

        Caller(String token, RotatingKeyManager keys) {
            this.token = token;
            this.context = tls(keys);
        }

        Answer get(String path) {
            return send("GET", path, null);
        }

        Answer post(String path, String body) {
            return send("POST", path, body);
        }

        Answer put(String path, String body) {
            return send("PUT", path, body);
        }

        Answer delete(String path) {
            return send("DELETE", path, null);
        }

        Answer send(String method, String path, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try (HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(context)
                    .build()) {
                HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    Caller admin() {
        return new Caller(adminToken, null);
    }

    Caller anonymous() {
        return new Caller(null, null);
    }

    Caller token(String token) {
        return new Caller(token, null);
    }

    Caller node(RotatingKeyManager keys) {
        return new Caller(null, keys);
    }

    /** A user with these roles; their token. */
    String user(String name, Map<String, String> roles) {
        Answer created =
                admin().post("/api/v1/users", ResourceCodec.get().toJson(Map.of("name", name, "roles", roles)));
        if (created.status() != 201) {
            throw new IllegalStateException("creating user " + name + ": " + created);
        }
        return created.json().path("token").asText();
    }

    String bootstrapToken() {
        return credentials
                .createBootstrapToken(Duration.ofHours(1), "test", "test")
                .token();
    }

    /** Joins as {@code node} with a fresh bootstrap token; the node's key and certificate. */
    RotatingKeyManager join(String node) {
        KeyPair keys = KeyPairs.ecP256();
        Answer answer = token(bootstrapToken())
                .post(
                        "/api/v1/join",
                        ResourceCodec.get()
                                .toJson(Map.of(
                                        "nodeName",
                                        node,
                                        "csr",
                                        NodeCertificateRequest.create(keys, node, List.of("127.0.0.1")))));
        if (answer.status() != 200) {
            throw new IllegalStateException("joining as " + node + ": " + answer);
        }
        return new RotatingKeyManager(new IssuedCertificate(
                keys.getPrivate(),
                List.of(Pem.readCertificate(answer.json().path("certificate").asText()), ca.certificate())));
    }

    @Override
    public void close() {
        server.close();
        kv.close();
    }
}
