package dev.continuum.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.Agent;
import dev.continuum.agent.AgentOptions;
import dev.continuum.agent.AgentStartException;
import dev.continuum.apiserver.ApiServer;
import dev.continuum.apiserver.ApiServerOptions;
import dev.continuum.apiserver.ApiTls;
import dev.continuum.apiserver.ClusterCredentials;
import dev.continuum.client.ClientOptions;
import dev.continuum.client.ClientTls;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Node;
import dev.continuum.security.CertificateAuthority;
import dev.continuum.security.PeerRole;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.security.Tls;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents against a real API server over TLS with access rules: joining by a pinned CA, refusing a
 * wrong pin, restarting on the stored certificate, renewing it before it expires, and a gateway that
 * speaks TLS and serves logs to the control plane only.
 */
class NodeCertificateTest {

    @TempDir
    Path dir;

    private SqliteStateStore kv;
    private ApiServer server;
    private CertificateAuthority ca;
    private RotatingKeyManager serverKeys;
    private ClusterCredentials credentials;
    private ContinuumClient admin;
    private Agent agent;

    @BeforeEach
    void start() {
        kv = SqliteStateStore.open(dir.resolve("state.db"));
        ResourceStore store =
                new ResourceStore(kv, Clock.systemUTC(), () -> UUID.randomUUID().toString());
        ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "test", Clock.systemUTC());
        serverKeys = new RotatingKeyManager(ca.issueControlPlane(List.of("127.0.0.1"), Duration.ofDays(1)));
        server = new ApiServer(
                        store,
                        ApiServerOptions.defaults()
                                .withPort(0)
                                .withTls(new ApiTls(ca, serverKeys, Duration.ofSeconds(15)))
                                .withAccessRules(true))
                .start();
        server.setReady(true);
        credentials = new ClusterCredentials(kv, Clock.systemUTC());
        admin = ContinuumClient.connect(
                uri(),
                credentials.adminToken("admin", null),
                ClientOptions.defaults(),
                ClientTls.trusting(ca.certificate()));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        admin.close();
        server.close();
        kv.close();
    }

    private URI uri() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    private String token() {
        return credentials
                .createBootstrapToken(Duration.ofMinutes(5), "test", "test")
                .token();
    }

    private AgentOptions.Builder options(String name) {
        return AgentOptions.builder()
                .server(uri())
                .nodeName(name)
                .dataDir(dir.resolve(name))
                .gatewayHost("127.0.0.1")
                .gatewayPort(0)
                .leaseRenewInterval(Duration.ofMillis(500))
                .leaseDuration(Duration.ofSeconds(3));
    }

    @Test
    void joinsTrustingThePinnedCaKeepsItsKeyPrivateAndRestartsOnItsCertificate() throws Exception {
        agent = new Agent(options("n1")
                        .bootstrapToken(token())
                        .caHash(ca.pin().toString())
                        .build())
                .start();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        admin.get(Node.class, null, "n1").map(Node::isReady).orElse(false));
        assertThat(agent.gatewayAddress()).startsWith("https://127.0.0.1:");
        Path key = dir.resolve("n1").resolve(NodeIdentity.FOLDER).resolve(NodeIdentity.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        BigInteger serial =
                NodeIdentity.read(dir.resolve("n1")).orElseThrow().certificate().getSerialNumber();
        agent.close();

        agent = new Agent(options("n1").build()).start();

        assertThat(NodeIdentity.read(dir.resolve("n1"))
                        .orElseThrow()
                        .certificate()
                        .getSerialNumber())
                .isEqualTo(serial);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
    }

    @Test
    void aWrongPinIsRefusedBeforeTheTokenIsSpent() {
        String token = token();
        CertificateAuthority other =
                CertificateAuthority.loadOrCreate(dir.resolve("other"), "other", Clock.systemUTC());

        assertThatThrownBy(() -> new Agent(options("n1")
                                .bootstrapToken(token)
                                .caHash(other.pin().toString())
                                .build())
                        .start())
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("the server's CA is " + ca.pin())
                .hasMessageContaining("not the pinned " + other.pin())
                .hasMessageContaining("--ca-hash");
        assertThat(dir.resolve("n1").resolve(NodeIdentity.FOLDER)).doesNotExist();

        agent = new Agent(options("n1")
                        .bootstrapToken(token)
                        .caHash(ca.pin().toString())
                        .build())
                .start();
        assertThat(agent.nodeName()).isEqualTo("n1");
    }

    @Test
    void withoutACaHashOrFileTheFirstJoinSaysWhatToPass() {
        assertThatThrownBy(() -> new Agent(options("n1").bootstrapToken(token()).build()).start())
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("--ca-hash <sha256:...>")
                .hasMessageContaining("--ca-file");
    }

    @Test
    void renewsItsCertificateBeforeItExpiresAndKeepsWorking() throws Exception {
        agent = new Agent(options("n1")
                        .bootstrapToken(token())
                        .caHash(ca.pin().toString())
                        .build())
                .start();
        BigInteger first =
                NodeIdentity.read(dir.resolve("n1")).orElseThrow().certificate().getSerialNumber();

        await().atMost(Duration.ofSeconds(40))
                .until(() -> !NodeIdentity.read(dir.resolve("n1"))
                        .orElseThrow()
                        .certificate()
                        .getSerialNumber()
                        .equals(first));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        admin.get(Node.class, null, "n1").map(Node::isReady).orElse(false));
        var renewedAt = admin.get(Node.class, null, "n1").orElseThrow().status().conditions();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !admin.get(Node.class, null, "n1")
                        .orElseThrow()
                        .status()
                        .conditions()
                        .equals(renewedAt));
    }

    @Test
    void aNodeOfflineLongerThanItsCertificatesLifeFailsClosedUntilItJoinsAgain() throws Exception {
        agent = new Agent(options("n1")
                        .bootstrapToken(token())
                        .caHash(ca.pin().toString())
                        .build())
                .start();
        var notAfter = NodeIdentity.read(dir.resolve("n1")).orElseThrow().notAfter();
        agent.close();
        await().atMost(Duration.ofSeconds(40))
                .until(() -> java.time.Instant.now().isAfter(notAfter));

        assertThatThrownBy(() -> new Agent(options("n1").build()).start())
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("expired at " + notAfter)
                .hasMessageContaining("continuum token create")
                .hasMessageContaining("--token");

        agent = new Agent(options("n1").bootstrapToken(token()).build()).start();
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
    }

    @Test
    void theGatewaySpeaksTlsAndServesLogsToTheControlPlaneOnly() throws Exception {
        agent = new Agent(options("n1")
                        .bootstrapToken(token())
                        .caHash(ca.pin().toString())
                        .build())
                .start();
        String logs = agent.gatewayAddress() + "/logs/default/nothing";

        SSLContext anyone = Tls.client(ca.certificate(), PeerRole.NODE, null);
        SSLContext controlPlane = Tls.client(ca.certificate(), PeerRole.NODE, serverKeys);

        assertThat(get(anyone, agent.gatewayAddress() + "/healthz").statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = get(anyone, logs);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("to the control plane only");
        assertThat(get(controlPlane, logs).statusCode())
                .as("allowed, and there is no such log")
                .isEqualTo(404);
    }

    private static HttpResponse<String> get(SSLContext tls, String url) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
