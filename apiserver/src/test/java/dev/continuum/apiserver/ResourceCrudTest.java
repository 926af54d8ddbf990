package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.ApplicationStatus;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Lease;
import dev.continuum.model.LeaseSpec;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceCrudTest {

    private static final String APPS = "/api/v1/namespaces/default/applications";

    @TempDir
    Path dir;

    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static Application app(String name, int replicas) {
        return Application.of(
                ObjectMeta.named(null, name),
                new ApplicationSpec(
                        List.of(Component.of("web", ComponentType.SERVICE, "file:web.wasm")
                                .withReplicas(replicas)),
                        null));
    }

    static String json(Object value) {
        return ResourceCodec.get().toJson(value);
    }

    @Test
    void createAnswers201WithTheStoredObjectAndDefaults() {
        Http.Answer created = f.http.post(APPS, json(app("hello", 2)));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode body = created.json();
        assertThat(body.path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(body.path("metadata").path("uid").asText()).isEqualTo("uid-1");
        assertThat(body.path("metadata").path("resourceVersion").asLong()).isEqualTo(1);
        assertThat(body.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(body.path("spec").path("components").get(0).path("replicas").asInt())
                .isEqualTo(2);
        assertThat(f.store.get(Application.class, "default", "hello")).isPresent();
    }

    @Test
    void getAnswersTheObjectAnd404WhenAbsent() {
        f.http.post(APPS, json(app("hello", 1)));

        Http.Answer found = f.http.get(APPS + "/hello");
        Http.Answer missing = f.http.get(APPS + "/nope");

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("metadata").path("name").asText()).isEqualTo("hello");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("reason").asText()).isEqualTo("NotFound");
        assertThat(missing.json().path("message").asText()).isEqualTo("Application default/nope not found");
    }

    @Test
    void creatingAnExistingNameIs409AlreadyExists() {
        f.http.post(APPS, json(app("hello", 1)));

        Http.Answer again = f.http.post(APPS, json(app("hello", 3)));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("reason").asText()).isEqualTo("AlreadyExists");
        assertThat(again.json().path("message").asText()).contains("Application default/hello already exists");
    }

    @Test
    void listAnswersTheEnvelopeWithTheStoreRevision() {
        f.http.post(APPS, json(app("a", 1)));
        f.http.post(APPS, json(app("b", 1)));
        f.http.post("/api/v1/namespaces/other/applications", json(app("c", 1)));
        f.http.post("/api/v1/nodes", json(MakeNode.named("n1").obj()));

        JsonNode inDefault = f.http.get(APPS).json();
        JsonNode everywhere = f.http.get("/api/v1/applications").json();

        assertThat(inDefault.path("apiVersion").asText()).isEqualTo("continuum.dev/v1");
        assertThat(inDefault.path("kind").asText()).isEqualTo("ApplicationList");
        assertThat(inDefault.path("metadata").path("resourceVersion").asLong()).isEqualTo(4);
        assertThat(Http.names(inDefault)).containsExactly("a", "b");
        assertThat(everywhere.path("items")).hasSize(3);
    }

    @Test
    void anEmptyListStillCarriesItems() {
        JsonNode list = f.http.get("/api/v1/namespaces/default/instances").json();

        assertThat(list.path("items").isArray()).isTrue();
        assertThat(list.path("items")).isEmpty();
        assertThat(list.path("kind").asText()).isEqualTo("InstanceList");
    }

    @Test
    void updateReplacesSpecAndLabelsButKeepsTheStatus() {
        Application created = f.store
                .create(app("hello", 1).withMetadata(ObjectMeta.named("default", "hello")))
                .orThrow();
        f.store
                .updateStatus(created.withStatus(new ApplicationStatus(List.of(), 1L)))
                .orThrow();
        Application changed = app("hello", 5)
                .withMetadata(ObjectMeta.named("default", "hello").withLabel("team", "edge"))
                .withStatus(new ApplicationStatus(List.of(), 99L));

        Http.Answer updated = f.http.put(APPS + "/hello", json(changed));

        assertThat(updated.status()).isEqualTo(200);
        JsonNode body = updated.json();
        assertThat(body.path("spec").path("components").get(0).path("replicas").asInt())
                .isEqualTo(5);
        assertThat(body.path("metadata").path("labels").path("team").asText()).isEqualTo("edge");
        assertThat(body.path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(body.path("status").path("observedGeneration").asLong()).isEqualTo(1);
    }

    @Test
    void statusUpdateReplacesOnlyTheStatus() {
        f.http.post(APPS, json(app("hello", 1)));
        Application withNewSpecAndStatus = app("hello", 7)
                .withMetadata(ObjectMeta.named("default", "hello"))
                .withStatus(new ApplicationStatus(List.of(), 1L));

        Http.Answer updated = f.http.put(APPS + "/hello/status", json(withNewSpecAndStatus));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("status").path("observedGeneration").asLong())
                .isEqualTo(1);
        assertThat(updated.json()
                        .path("spec")
                        .path("components")
                        .get(0)
                        .path("replicas")
                        .asInt())
                .isEqualTo(1);
        assertThat(f.http.get(APPS + "/hello/status")
                        .json()
                        .path("status")
                        .path("observedGeneration")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aStaleResourceVersionIs409ConflictAndZeroIsUnconditional() {
        f.http.post(APPS, json(app("hello", 1)));
        f.http.put(APPS + "/hello", json(app("hello", 2)));
        Application stale = app("hello", 3)
                .withMetadata(ObjectMeta.named("default", "hello").withResourceVersion(1));

        Http.Answer conflict = f.http.put(APPS + "/hello", json(stale));
        Http.Answer unconditional = f.http.put(APPS + "/hello", json(app("hello", 4)));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().path("reason").asText()).isEqualTo("Conflict");
        assertThat(conflict.json().path("message").asText())
                .contains("Application default/hello was changed since resourceVersion 1 (it is now at 2)");
        assertThat(unconditional.status()).isEqualTo(200);
        assertThat(unconditional.json().path("metadata").path("resourceVersion").asLong())
                .isEqualTo(3);
    }

    @Test
    void updatingAMissingObjectIs404() {
        Http.Answer answer = f.http.put(APPS + "/ghost", json(app("ghost", 1)));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("message").asText()).isEqualTo("Application default/ghost not found");
    }

    @Test
    void deleteAnswersTheDeletedObjectAndHonoursResourceVersion() {
        f.http.post(APPS, json(app("hello", 1)));

        Http.Answer stale = f.http.delete(APPS + "/hello?resourceVersion=7");
        Http.Answer deleted = f.http.delete(APPS + "/hello?resourceVersion=1");
        Http.Answer again = f.http.delete(APPS + "/hello");

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("reason").asText()).isEqualTo("Conflict");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("metadata").path("name").asText()).isEqualTo("hello");
        assertThat(again.status()).isEqualTo(404);
        assertThat(f.store.get(Application.class, "default", "hello")).isEmpty();
    }

    @Test
    void clusterScopedNodesLiveAtTheTopLevel() {
        Http.Answer created =
                f.http.post("/api/v1/nodes", json(MakeNode.named("n1").obj()));
        Http.Answer namespacedPath = f.http.get("/api/v1/namespaces/default/nodes/n1");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("metadata").has("namespace")).isFalse();
        assertThat(f.http.get("/api/v1/nodes/n1")
                        .json()
                        .path("status")
                        .path("platform")
                        .path("arch")
                        .asText())
                .isEqualTo("amd64");
        assertThat(namespacedPath.status()).isEqualTo(404);
        assertThat(namespacedPath.json().path("message").asText())
                .isEqualTo("nodes are cluster-scoped: use /api/v1/nodes/n1");
    }

    @Test
    void namespacedItemsNeedTheirNamespaceInThePath() {
        Http.Answer item = f.http.get("/api/v1/applications/hello");
        Http.Answer create = f.http.post("/api/v1/applications", json(app("hello", 1)));

        assertThat(item.status()).isEqualTo(404);
        assertThat(item.json().path("message").asText()).contains("/api/v1/namespaces/{namespace}/applications/hello");
        assertThat(create.status()).isEqualTo(404);
        assertThat(create.json().path("message").asText())
                .contains("POST to /api/v1/namespaces/{namespace}/applications");
    }

    @Test
    void leasesAreCrudWithoutAStatusSubresource() {
        Lease lease = Lease.of(
                ObjectMeta.named("n1"), new LeaseSpec("n1", Instant.EPOCH, Instant.EPOCH, Duration.ofSeconds(40)));

        Http.Answer created = f.http.post("/api/v1/leases", json(lease));
        Http.Answer status = f.http.put("/api/v1/leases/n1/status", json(lease));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("spec").path("duration").asText()).isEqualTo("40s");
        assertThat(status.status()).isEqualTo(404);
        assertThat(status.json().path("message").asText()).isEqualTo("leases have no status subresource");
    }

    @Test
    void instancesKeepTheirStatusAcrossSpecUpdates() {
        f.http.post(
                "/api/v1/namespaces/default/instances",
                json(MakeInstance.named("web-0").obj()));
        f.http.put(
                "/api/v1/namespaces/default/instances/web-0/status",
                json(MakeInstance.named("web-0").node("n1").obj()));

        Http.Answer bound = f.http.put(
                "/api/v1/namespaces/default/instances/web-0",
                json(MakeInstance.named("web-0").node("n1").obj()));

        assertThat(bound.status()).isEqualTo(200);
        assertThat(bound.json().path("spec").path("node").asText()).isEqualTo("n1");
        assertThat(bound.json().path("status").path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void whatTheApiAnswersCanBeSentBackUnchanged() {
        f.http.post("/api/v1/nodes", json(MakeNode.named("n1").obj()));
        f.http.post(
                "/api/v1/namespaces/default/instances",
                json(MakeInstance.named("web-0").node("n1").obj()));
        String node = f.http.get("/api/v1/nodes/n1").body();
        String instance =
                f.http.get("/api/v1/namespaces/default/instances/web-0").body();

        assertThat(f.http.put("/api/v1/nodes/n1", node).status()).isEqualTo(200);
        assertThat(f.http.put("/api/v1/namespaces/default/instances/web-0", instance)
                        .status())
                .isEqualTo(200);
        assertThat(node).doesNotContain("\"ready\"");
        assertThat(instance).doesNotContain("\"bound\"");
    }

    @Test
    void nodesCreatedThroughTheApiReadBackEqual() {
        Node node = MakeNode.named("n1").label("zone", "a").obj();
        f.http.post("/api/v1/nodes", json(node));

        Node read = ResourceCodec.get()
                .decode(f.http.get("/api/v1/nodes/n1").body().getBytes(StandardCharsets.UTF_8), Node.class);

        assertThat(read.spec()).isEqualTo(node.spec());
        assertThat(read.status()).isEqualTo(node.status());
        assertThat(read.metadata().labels()).containsEntry("zone", "a");
    }
}
