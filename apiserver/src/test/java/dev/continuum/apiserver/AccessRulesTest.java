package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.security.RotatingKeyManager;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what over the API: users by role and namespace, nodes by what is bound to them. */
class AccessRulesTest {

    private static final String APP = """
            {"apiVersion":"continuum.dev/v1","kind":"Application","metadata":{"name":"shop"},
             "spec":{"components":[{"name":"web","module":"file:/web.wasm"}]}}""";

    @TempDir
    java.nio.file.Path dir;

    private SecureFixture f;

    @BeforeEach
    void start() {
        f = new SecureFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anonymousCallersGetNothingButHealth() {
        SecureFixture.Answer list = f.anonymous().get("/api/v1/nodes");

        assertThat(list.status()).isEqualTo(401);
        assertThat(list.message()).contains("needs a credential").contains("config.yaml");
        assertThat(f.anonymous().get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void viewersReadEditorsWriteAndNobodyReachesAnotherNamespace() {
        String viewer = f.user("vic", Map.of("team-a", "viewer"));
        String editor = f.user("eddie", Map.of("team-a", "editor"));

        SecureFixture.Answer viewerCreates = f.token(viewer).post("/api/v1/namespaces/team-a/applications", APP);
        SecureFixture.Answer editorCreates = f.token(editor).post("/api/v1/namespaces/team-a/applications", APP);
        SecureFixture.Answer editorElsewhere = f.token(editor).post("/api/v1/namespaces/team-b/applications", APP);

        assertThat(viewerCreates.status()).isEqualTo(403);
        assertThat(viewerCreates.message()).contains("user/vic may not create").contains("viewer in namespace team-a");
        assertThat(editorCreates.status()).as(editorCreates.body()).isEqualTo(201);
        assertThat(editorElsewhere.status()).isEqualTo(403);
        assertThat(editorElsewhere.message()).contains("no role in namespace team-b");
        assertThat(f.token(viewer)
                        .get("/api/v1/namespaces/team-a/applications/shop")
                        .status())
                .isEqualTo(200);
        assertThat(f.token(viewer).get("/api/v1/namespaces/team-b/applications").status())
                .isEqualTo(403);
        assertThat(f.token(editor).get("/api/v1/applications").status())
                .as("all namespaces is for cluster administrators")
                .isEqualTo(403);
        assertThat(f.admin().get("/api/v1/applications").status()).isEqualTo(200);
        assertThat(f.token(editor).get("/api/v1/nodes").status()).isEqualTo(200);
        assertThat(f.token(editor).delete("/api/v1/nodes/any").status()).isEqualTo(403);
        assertThat(f.token(editor)
                        .put("/api/v1/namespaces/team-a/applications/shop/status", APP)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void namespaceAdminsChangeTheirNamespaceObjectOnly() {
        String admin = f.user("ada", Map.of("team-a", "admin"));
        String ns = "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}";
        assertThat(f.admin().post("/api/v1/namespaces", ns.formatted("team-a")).status())
                .isEqualTo(201);
        assertThat(f.admin().post("/api/v1/namespaces", ns.formatted("team-b")).status())
                .isEqualTo(201);

        assertThat(f.token(admin)
                        .put("/api/v1/namespaces/team-a", ns.formatted("team-a"))
                        .status())
                .isEqualTo(200);
        assertThat(f.token(admin)
                        .put("/api/v1/namespaces/team-b", ns.formatted("team-b"))
                        .status())
                .isEqualTo(403);
        assertThat(f.token(admin)
                        .post("/api/v1/namespaces", ns.formatted("team-c"))
                        .status())
                .isEqualTo(403);
        assertThat(f.token(admin).delete("/api/v1/namespaces/team-a").status()).isEqualTo(403);
    }

    @Test
    void usersAreManagedByClusterAdministratorsAndTokensRotate() {
        String token = f.user("alice", Map.of("team-a", "viewer"));
        SecureFixture.Answer whoami = f.token(token).get("/api/v1/whoami");
        assertThat(whoami.json().path("type").asText()).isEqualTo("user");
        assertThat(whoami.json().path("roles").path("team-a").asText()).isEqualTo("viewer");

        assertThat(f.token(token)
                        .post("/api/v1/users", "{\"name\":\"mallory\",\"clusterAdmin\":true}")
                        .status())
                .isEqualTo(403);
        assertThat(f.admin()
                        .post("/api/v1/users", "{\"name\":\"bob\",\"roles\":{\"team-a\":\"owner\"}}")
                        .message())
                .contains("\"owner\" is not a role; use one of viewer, editor, admin");
        assertThat(f.admin()
                        .put("/api/v1/users/alice", "{\"roles\":{\"team-a\":\"editor\"}}")
                        .status())
                .isEqualTo(200);
        assertThat(f.token(token)
                        .get("/api/v1/whoami")
                        .json()
                        .path("roles")
                        .path("team-a")
                        .asText())
                .isEqualTo("editor");

        String rotated = f.admin()
                .post("/api/v1/users/alice/token", null)
                .json()
                .path("token")
                .asText();

        assertThat(f.token(token).get("/api/v1/whoami").status()).isEqualTo(401);
        assertThat(f.token(rotated).get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(f.admin().delete("/api/v1/users/alice").status()).isEqualTo(200);
        assertThat(f.token(rotated).get("/api/v1/whoami").status()).isEqualTo(401);
        assertThat(f.admin().get("/api/v1/users").body()).doesNotContain(rotated);
    }

    @Test
    void aNodeReadsAndReportsOnlyWhatIsBoundToIt() {
        RotatingKeyManager n1 = f.join("n1");
        RotatingKeyManager n2 = f.join("n2");
        assertThat(f.admin()
                        .post("/api/v1/namespaces/default/instances", instance("on-n1", "n1"))
                        .status())
                .isEqualTo(201);
        assertThat(f.admin()
                        .post("/api/v1/namespaces/default/instances", instance("on-n2", "n2"))
                        .status())
                .isEqualTo(201);

        assertThat(f.node(n1).get("/api/v1/namespaces/default/instances/on-n1").status())
                .isEqualTo(200);
        SecureFixture.Answer other = f.node(n1).get("/api/v1/namespaces/default/instances/on-n2");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.message()).contains("bound to node n2");
        assertThat(f.node(n1)
                        .get("/api/v1/instances?fieldSelector=spec.node%3Dn1")
                        .status())
                .isEqualTo(200);
        assertThat(f.node(n1)
                        .get("/api/v1/instances?fieldSelector=spec.node%3Dn2")
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n1).get("/api/v1/instances").status()).isEqualTo(403);
        String status = "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Instance\",\"metadata\":{\"name\":\"%s\"},"
                + "\"spec\":{\"application\":\"shop\",\"component\":\"web\",\"node\":\"n2\",\"epoch\":1,"
                + "\"template\":{\"name\":\"web\",\"module\":\"file:/web.wasm\"}},\"status\":{\"phase\":\"Running\"}}";
        assertThat(f.node(n1)
                        .put("/api/v1/namespaces/default/instances/on-n1/status", status.formatted("on-n1"))
                        .status())
                .isEqualTo(200);
        assertThat(f.node(n1)
                        .put("/api/v1/namespaces/default/instances/on-n2/status", status.formatted("on-n2"))
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n1)
                        .put("/api/v1/namespaces/default/instances/on-n1", status.formatted("on-n1"))
                        .status())
                .as("a node may not rebind its Instance")
                .isEqualTo(403);
        assertThat(f.node(n1)
                        .delete("/api/v1/namespaces/default/instances/on-n1")
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n1).get("/api/v1/namespaces/default/applications").status())
                .isEqualTo(403);
        assertThat(f.node(n2).get("/api/v1/namespaces/default/instances/on-n2").status())
                .isEqualTo(200);
    }

    @Test
    void aNodeWritesItsOwnNodeAndLeaseButNotItsLabelsTaintsOrTierAndCannotDeleteItself() {
        RotatingKeyManager n1 = f.join("n1");
        RotatingKeyManager n2 = f.join("n2");
        String node = "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"%s\","
                + "\"labels\":{\"zone\":\"%s\"}},\"spec\":{\"tier\":\"%s\"}}";
        String lease = "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"%s\"},"
                + "\"spec\":{\"holder\":\"%s\",\"duration\":\"6s\"}}";

        assertThat(f.node(n1)
                        .post("/api/v1/nodes", node.formatted("n1", "a", "gateway"))
                        .status())
                .isEqualTo(201);
        assertThat(f.node(n1)
                        .post("/api/v1/nodes", node.formatted("n2", "a", "gateway"))
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n1)
                        .put("/api/v1/nodes/n1/status", node.formatted("n1", "a", "gateway"))
                        .status())
                .isEqualTo(200);
        assertThat(f.node(n1)
                        .put("/api/v1/nodes/n1", node.formatted("n1", "a", "gateway"))
                        .status())
                .as("an unchanged spec is fine")
                .isEqualTo(200);
        SecureFixture.Answer relabel = f.node(n1).put("/api/v1/nodes/n1", node.formatted("n1", "b", "gateway"));
        SecureFixture.Answer retier = f.node(n1).put("/api/v1/nodes/n1", node.formatted("n1", "a", "cloud"));
        String tainted = "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\","
                + "\"labels\":{\"zone\":\"a\"}},\"spec\":{\"tier\":\"gateway\",\"taints\":[],"
                + "\"autonomy\":\"1h\"}}";
        SecureFixture.Answer autonomy = f.node(n1).put("/api/v1/nodes/n1", tainted);
        assertThat(relabel.status()).isEqualTo(403);
        assertThat(relabel.message()).contains("may not change metadata.labels of its own Node");
        assertThat(retier.message()).contains("spec.tier");
        assertThat(autonomy.message()).contains("spec.autonomy");
        assertThat(f.node(n1).delete("/api/v1/nodes/n1").message()).contains("may not delete itself");
        assertThat(f.node(n2).get("/api/v1/nodes/n1").status()).isEqualTo(403);
        assertThat(f.node(n2)
                        .put("/api/v1/nodes/n1/status", node.formatted("n1", "a", "gateway"))
                        .status())
                .isEqualTo(403);

        assertThat(f.node(n1)
                        .post("/api/v1/leases", lease.formatted("n1", "n1"))
                        .status())
                .isEqualTo(201);
        assertThat(f.node(n2)
                        .post("/api/v1/leases", lease.formatted("n1-fake", "n1"))
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n2)
                        .put("/api/v1/leases/n1", lease.formatted("n1", "n2"))
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n1).delete("/api/v1/leases/n1").status()).isEqualTo(403);
    }

    @Test
    void aNodeReportsEventsAboutItselfAndItsInstancesOnly() {
        RotatingKeyManager n1 = f.join("n1");
        f.join("n2");
        f.admin().post("/api/v1/namespaces/team-a/instances", instance("on-n1", "n1"));
        f.admin().post("/api/v1/namespaces/team-a/instances", instance("on-n2", "n2"));
        String event = "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e%d\"},"
                + "\"spec\":{\"type\":\"Warning\",\"reason\":\"Offline\",\"involvedObject\":{\"kind\":\"%s\","
                + "\"name\":\"%s\"}}}";

        assertThat(f.node(n1)
                        .post("/api/v1/namespaces/default/events", event.formatted(1, "Node", "n1"))
                        .status())
                .isEqualTo(201);
        assertThat(f.node(n1)
                        .post("/api/v1/namespaces/team-a/events", event.formatted(2, "Instance", "on-n1"))
                        .status())
                .isEqualTo(201);
        assertThat(f.node(n1)
                        .post("/api/v1/namespaces/team-a/events", event.formatted(3, "Instance", "on-n2"))
                        .message())
                .contains("events only about itself and the Instances bound to it");
        assertThat(f.node(n1)
                        .post("/api/v1/namespaces/default/events", event.formatted(4, "Node", "n2"))
                        .status())
                .isEqualTo(403);
        assertThat(f.node(n1).get("/api/v1/namespaces/default/events").status()).isEqualTo(403);
    }

    @Test
    void nodesLearnWhereAFunctionRunsAndNothingElseOfItsApplication() {
        RotatingKeyManager n1 = f.join("n1");
        assertThat(f.admin().post("/api/v1/namespaces/team-a/applications", APP).status())
                .isEqualTo(201);

        SecureFixture.Answer route = f.node(n1).get("/api/v1/namespaces/team-a/functions/shop/web");
        SecureFixture.Answer noApp = f.node(n1).get("/api/v1/namespaces/team-a/functions/nope/web");
        SecureFixture.Answer noComponent = f.node(n1).get("/api/v1/namespaces/team-a/functions/shop/nope");

        assertThat(route.status()).isEqualTo(200);
        assertThat(route.json().path("type").asText()).isEqualTo("service");
        assertThat(route.json().path("copies").size()).isZero();
        assertThat(noApp.status()).isEqualTo(404);
        assertThat(noApp.json().path("field").asText()).isEqualTo("application");
        assertThat(noComponent.json().path("field").asText()).isEqualTo("component");
        String outsider = f.user("olga", Map.of("team-b", "viewer"));
        assertThat(f.token(outsider)
                        .get("/api/v1/namespaces/team-a/functions/shop/web")
                        .status())
                .isEqualTo(403);
    }

    private static String instance(String name, String node) {
        return "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Instance\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"application\":\"shop\",\"component\":\"web\",\"node\":\"" + node
                + "\",\"epoch\":1,\"template\":{\"name\":\"web\",\"module\":\"file:/web.wasm\"}}}";
    }
}
