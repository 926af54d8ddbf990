package dev.continuum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.ApplicationStatus;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.api.JoinResponse;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTest {

    @TempDir
    Path dir;

    private ControlPlane cp;
    private ContinuumClient client;

    @BeforeEach
    void start() {
        cp = new ControlPlane(dir);
        client = ContinuumClient.connect(cp.uri(), null);
    }

    @AfterEach
    void stop() {
        client.close();
        cp.close();
    }

    static Application app(String name, int replicas) {
        return Application.of(
                ObjectMeta.named(null, name),
                new ApplicationSpec(
                        List.of(Component.of("web", ComponentType.SERVICE, "file:web.wasm")
                                .withReplicas(replicas)),
                        null));
    }

    @Test
    void createGetUpdateAndDeleteRoundTrip() {
        Application created = client.create(app("hello", 1));
        Application updated = client.update(app("hello", 3));
        Application read = client.get(Application.class, "default", "hello").orElseThrow();
        Application deleted = client.delete(Application.class, "default", "hello");

        assertThat(created.metadata().namespace()).isEqualTo("default");
        assertThat(created.metadata().resourceVersion()).isEqualTo(1);
        assertThat(updated.spec().components().getFirst().replicas()).isEqualTo(3);
        assertThat(read).isEqualTo(updated);
        assertThat(deleted.metadata().name()).isEqualTo("hello");
        assertThat(client.get(Application.class, "default", "hello")).isEmpty();
    }

    @Test
    void nodesAndInstancesRoundTripThroughTheStrictServer() {
        Node node = client.create(MakeNode.named("n1").label("zone", "a").obj());
        Instance instance = client.create(MakeInstance.named("web-0").node("n1").obj());

        assertThat(client.update(node).metadata().labels()).containsEntry("zone", "a");
        assertThat(client.updateStatus(instance).status().phase())
                .isEqualTo(instance.status().phase());
    }

    @Test
    void updateStatusChangesOnlyTheStatus() {
        client.create(app("hello", 1));

        Application after = client.updateStatus(app("hello", 9).withStatus(new ApplicationStatus(List.of(), 1L)));

        assertThat(after.status().observedGeneration()).isEqualTo(1L);
        assertThat(after.spec().components().getFirst().replicas()).isEqualTo(1);
    }

    @Test
    void listReturnsItemsAndTheirRevisionAndHonoursSelectors() {
        client.create(MakeInstance.named("i1").node("n1").obj());
        client.create(MakeInstance.named("i2").node("n2").obj());
        client.create(MakeInstance.named("i3").namespace("other").node("n1").obj());

        ResourcePage<Instance> all = client.list(Instance.class, null, Selector.all());
        ResourcePage<Instance> onN1 = client.list(Instance.class, "default", Selector.field("spec.node", "n1"));

        assertThat(all.items()).hasSize(3);
        assertThat(all.revision()).isEqualTo(3);
        assertThat(onN1.items()).extracting(i -> i.metadata().name()).containsExactly("i1");
    }

    @Test
    void refusalsCarryTheServersError() {
        client.create(app("hello", 1));
        Application stale = app("hello", 2)
                .withMetadata(ObjectMeta.named("default", "hello").withResourceVersion(99));

        ApiException exists = catchApi(() -> client.create(app("hello", 1)));
        ApiException conflict = catchApi(() -> client.update(stale));
        ApiException missing = catchApi(() -> client.delete(Application.class, "default", "ghost"));
        ApiException invalid = catchApi(() -> client.create(app("bad", -1)));

        assertThat(exists.isAlreadyExists()).isTrue();
        assertThat(exists.isConflict()).isFalse();
        assertThat(conflict.isConflict()).isTrue();
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(missing.isNotFound()).isTrue();
        assertThat(missing.getMessage()).isEqualTo("Application default/ghost not found");
        assertThat(invalid.isInvalid()).isTrue();
        assertThat(invalid.error().field()).isEqualTo("spec.components[0].replicas");
        assertThat(invalid.error().problems()).isNotEmpty();
    }

    @Test
    void anUnreachableServerIsCodeZeroNamingItsUrl() throws IOException {
        URI nowhere;
        try (ServerSocket s = new ServerSocket(0)) {
            nowhere = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (ContinuumClient lost = ContinuumClient.connect(nowhere, null)) {
            ApiException e = catchApi(() -> lost.list(Node.class, null, Selector.all()));

            assertThat(e.isUnreachable()).isTrue();
            assertThat(e.code()).isZero();
            assertThat(e.reason()).isEqualTo("Unreachable");
            assertThat(e.getMessage()).startsWith("cannot reach the Continuum API server at " + nowhere);
            assertThat(lost.healthy()).isFalse();
        }
    }

    @Test
    void healthAndReadinessProbes() {
        assertThat(client.healthy()).isTrue();
        assertThat(client.ready()).isTrue();
    }

    @Test
    void aJoinedNodeUsesItsTokenAndAStaleTokenIsUnauthorized() {
        JoinResponse joined = client.join(ControlPlane.BOOTSTRAP, "gw-1");

        try (ContinuumClient node = ContinuumClient.connect(cp.uri(), joined.token());
                ContinuumClient stranger = ContinuumClient.connect(cp.uri(), "stale")) {
            assertThat(joined.nodeName()).isEqualTo("gw-1");
            assertThat(node.list(Node.class, null, Selector.all()).items()).isEmpty();
            assertThat(catchApi(() -> stranger.list(Node.class, null, Selector.all()))
                            .isUnauthorized())
                    .isTrue();
        }
        assertThat(catchApi(() -> client.join("wrong", "gw-2")).isUnauthorized())
                .isTrue();
    }

    @Test
    void logsOfAMissingInstanceAreNotFound() {
        assertThat(catchApi(() -> client.logs("default", "ghost", false, 10)).isNotFound())
                .isTrue();
    }

    @Test
    void selectorsRenderAsQueryParameters() {
        assertThat(Selector.field("spec.node", "n1").andLabel("app", "x").toQuery())
                .isEqualTo("labelSelector=app%3Dx&fieldSelector=spec.node%3Dn1");
        assertThat(Selector.all().toQuery()).isEmpty();
        assertThatThrownBy(() -> Selector.label("a,b", "c")).isInstanceOf(IllegalArgumentException.class);
    }

    static ApiException catchApi(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }
}
