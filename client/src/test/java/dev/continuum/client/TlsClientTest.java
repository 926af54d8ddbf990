package dev.continuum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.continuum.apiserver.ApiServer;
import dev.continuum.apiserver.ApiServerOptions;
import dev.continuum.apiserver.ApiTls;
import dev.continuum.apiserver.ClusterCredentials;
import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.api.FunctionRoute;
import dev.continuum.security.CertificateAuthority;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over TLS against a real API server with the cluster CA and access rules on. */
class TlsClientTest {

    @TempDir
    Path dir;

    private SqliteStateStore kv;
    private ApiServer server;
    private CertificateAuthority ca;
    private String adminToken;
    private URI uri;

    @BeforeEach
    void start() {
        kv = SqliteStateStore.open(dir.resolve("state.db"));
        ResourceStore store =
                new ResourceStore(kv, Clock.systemUTC(), () -> UUID.randomUUID().toString());
        ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "test", Clock.systemUTC());
        var serverKeys = new RotatingKeyManager(ca.issueControlPlane(List.of("127.0.0.1"), Duration.ofDays(1)));
        server = new ApiServer(
                        store,
                        ApiServerOptions.defaults()
                                .withPort(0)
                                .withBookmarkInterval(Duration.ofMillis(200))
                                .withTls(new ApiTls(ca, serverKeys, Duration.ofHours(1)))
                                .withAccessRules(true))
                .start();
        server.setReady(true);
        adminToken = new ClusterCredentials(kv, Clock.systemUTC()).adminToken("admin", null);
        uri = URI.create("https://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        kv.close();
    }

    private ContinuumClient client(String token) {
        return ContinuumClient.connect(uri, token, ClientOptions.defaults(), ClientTls.trusting(ca.certificate()));
    }

    @Test
    void aUserWritesWatchesAndAdministersOverTls() {
        try (ContinuumClient admin = client(adminToken)) {
            assertThat(admin.whoami().clusterAdmin()).isTrue();
            try (Informer<Application> apps = admin.informer(Application.class, "team-a", Selector.ALL)) {
                admin.create(Application.of(
                        ObjectMeta.named("team-a", "shop"),
                        new ApplicationSpec(
                                List.of(Component.of("web", ComponentType.FUNCTION, "file:/w.wasm")), null)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> apps.get("team-a", "shop").isPresent());
            }
            FunctionRoute route = admin.functionRoute("team-a", "shop", "web");
            assertThat(route.type()).isEqualTo("function");
            assertThat(route.copies()).isEmpty();

            var alice = admin.createUser("alice", false, Map.of("team-a", "viewer"));
            try (ContinuumClient viewer = client(alice.token())) {
                assertThat(viewer.list(Instance.class, "team-a").items()).isEmpty();
                assertThatThrownBy(() -> viewer.delete(Application.class, "team-a", "shop"))
                        .isInstanceOfSatisfying(
                                ApiException.class,
                                e -> assertThat(e.isForbidden()).isTrue());
                viewer.reconnect();
                assertThat(viewer.get(Application.class, "team-a", "shop")).isPresent();
            }
            var token = admin.createBootstrapToken(Duration.ofMinutes(10), "a gateway");
            assertThat(token.caHash()).isEqualTo(ca.pin().toString());
            assertThat(admin.listBootstrapTokens()).extracting(t -> t.id()).contains(token.id());
        }
    }

    @Test
    void aServerOfAnotherCaIsUnreachableAndHttpsNeedsTheCa() {
        CertificateAuthority other =
                CertificateAuthority.loadOrCreate(dir.resolve("other"), "other", Clock.systemUTC());
        try (ContinuumClient wrong = ContinuumClient.connect(
                uri, adminToken, ClientOptions.defaults(), ClientTls.trusting(other.certificate()))) {
            assertThatThrownBy(wrong::whoami)
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.isUnreachable()).isTrue());
        }
        assertThatThrownBy(() -> ContinuumClient.connect(uri, adminToken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CA certificate");
    }
}
