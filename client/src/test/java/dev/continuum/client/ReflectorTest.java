package dev.continuum.client;

import static dev.continuum.client.ClientTest.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import dev.continuum.model.ObjectMeta;
import dev.continuum.testing.MakeInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list-then-watch loop against a real server that a test stops, changes behind its back and restarts. */
class ReflectorTest {

    @TempDir
    Path dir;

    private ControlPlane cp;
    private ContinuumClient client;

    @BeforeEach
    void start() {
        cp = new ControlPlane(dir);
        // Short timeouts: a connection the stopping server accepted but never served (it happens)
        // must not outlast an assertion; the server bookmarks every 200 ms.
        client = ContinuumClient.connect(
                cp.uri(),
                null,
                ClientOptions.defaults()
                        .withRequestTimeout(Duration.ofSeconds(2))
                        .withWatchIdleTimeout(Duration.ofSeconds(2))
                        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        client.close();
        cp.close();
    }

    private void create(Application a) {
        cp.store.create(a.withMetadata(a.metadata().withNamespace("default"))).orThrow();
    }

    private void update(Application a) {
        cp.store
                .update(a.withMetadata(ObjectMeta.named("default", a.metadata().name())))
                .orThrow();
    }

    @Test
    void aSnapshotComesFirstThenEveryChange() {
        create(app("a", 1));
        create(app("b", 1));
        RecordingHandler<Application> handler = new RecordingHandler<>();

        try (Reflector<Application> reflector = client.watch(Application.class, "default", Selector.all(), handler)) {
            await().until(reflector::synced);
            assertThat(handler.names()).containsExactly("a", "b");

            create(app("c", 1));
            update(app("b", 5));
            cp.store.delete(Application.class, "default", "a", 0);

            await().untilAsserted(
                            () -> assertThat(handler.events).containsExactly("ADDED c", "MODIFIED b", "DELETED a"));
            assertThat(handler.names()).containsExactly("b", "c");
            assertThat(handler.state.get("b").spec().components().getFirst().replicas())
                    .isEqualTo(5);
            assertThat(reflector.revision()).isEqualTo(5);
            assertThat(handler.connectivity).containsExactly(true);
        }
    }

    @Test
    void itCatchesUpByRevisionAfterTheServerComesBack() {
        create(app("a", 1));
        create(app("b", 1));
        RecordingHandler<Application> handler = new RecordingHandler<>();

        try (Reflector<Application> reflector = client.watch(Application.class, "default", Selector.all(), handler)) {
            await().until(reflector::synced);

            cp.stop();
            await().until(() -> handler.connectivity.contains(false));
            assertThat(reflector.connected()).isFalse();
            create(app("offline", 1));
            update(app("b", 7));
            cp.store.delete(Application.class, "default", "a", 0);
            cp.start();

            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("b", "offline"));
            await().until(handler::connected);
            assertThat(handler.state.get("b").spec().components().getFirst().replicas())
                    .isEqualTo(7);
            assertThat(handler.snapshots).hasValue(1);
            assertThat(handler.events).containsExactly("ADDED offline", "MODIFIED b", "DELETED a");
            assertThat(handler.connectivity).containsExactly(true, false, true);
            assertThat(handler.errors).anyMatch(ApiException::isUnreachable);
        }
    }

    @Test
    void theFirstObjectOfAnEmptyStoreIsNotMissedAcrossARestart() {
        RecordingHandler<Application> handler = new RecordingHandler<>();

        try (Reflector<Application> reflector = client.watch(Application.class, "default", Selector.all(), handler)) {
            await().until(reflector::synced);
            cp.stop();
            await().until(() -> handler.connectivity.contains(false));
            create(app("first", 1));
            cp.start();

            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("first"));
            assertThat(handler.snapshots).hasValue(1);
        }
    }

    @Test
    void itListsAgainWhenTheHistoryItMissedIsCompacted() {
        create(app("a", 1));
        create(app("b", 1));
        RecordingHandler<Application> handler = new RecordingHandler<>();

        try (Reflector<Application> reflector = client.watch(Application.class, "default", Selector.all(), handler)) {
            await().until(reflector::synced);

            cp.stop();
            await().until(() -> handler.connectivity.contains(false));
            cp.store.delete(Application.class, "default", "a", 0);
            create(app("c", 1));
            cp.kv.compact(cp.kv.revision());
            cp.start();

            await().untilAsserted(() -> assertThat(handler.snapshots).hasValue(2));
            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("b", "c"));
            assertThat(handler.events).isEmpty();
            assertThat(reflector.revision()).isEqualTo(cp.kv.revision());

            create(app("d", 1));
            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("b", "c", "d"));
        }
    }

    @Test
    void aHandlerThatThrowsGetsAFreshSnapshot() {
        RecordingHandler<Application> handler = new RecordingHandler<>();
        handler.failures.set(1);

        try (Reflector<Application> reflector = client.watch(Application.class, "default", Selector.all(), handler)) {
            await().until(reflector::synced);
            create(app("a", 1));

            await().untilAsserted(() -> assertThat(handler.snapshots).hasValue(2));
            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("a"));
        }
    }

    @Test
    void anObjectThatStopsMatchingTheSelectorIsDeleted() {
        cp.store.create(MakeInstance.named("i1").node("n1").obj()).orThrow();
        cp.store.create(MakeInstance.named("i2").node("n2").obj()).orThrow();
        RecordingHandler<Instance> handler = new RecordingHandler<>();

        try (Reflector<Instance> reflector =
                client.watch(Instance.class, "default", Selector.field("spec.node", "n1"), handler)) {
            await().until(reflector::synced);
            assertThat(handler.names()).containsExactly("i1");

            cp.store.update(MakeInstance.named("i1").node("n2").obj()).orThrow();
            cp.store.update(MakeInstance.named("i2").node("n1").obj()).orThrow();

            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("i2"));
            assertThat(handler.events).containsExactly("DELETED i1", "ADDED i2");
        }
    }

    @Test
    void aNodeFollowsItsInstancesInEveryNamespace() {
        cp.store
                .create(MakeInstance.named("a").namespace("shop").node("n1").obj())
                .orThrow();
        cp.store
                .create(MakeInstance.named("b").namespace("lab").node("n2").obj())
                .orThrow();
        RecordingHandler<Instance> handler = new RecordingHandler<>();

        try (Reflector<Instance> reflector =
                client.watch(Instance.class, null, Selector.field("spec.node", "n1"), handler)) {
            await().until(reflector::synced);
            cp.store
                    .create(MakeInstance.named("c").namespace("lab").node("n1").obj())
                    .orThrow();

            await().untilAsserted(() -> assertThat(handler.names()).containsExactly("a", "c"));
            assertThat(handler.state.get("c").metadata().namespace()).isEqualTo("lab");
        }
    }

    @Test
    void closingEndsTheWatchStream() {
        RecordingHandler<Application> handler = new RecordingHandler<>();
        Reflector<Application> reflector = client.watch(Application.class, "default", Selector.all(), handler);
        await().until(() -> openStreams() == 1);

        reflector.close();

        await().until(() -> openStreams() == 0);
    }

    @Test
    void anInformerCachesTheLatestObjectsAndKeepsThemWhileOffline() {
        create(app("a", 1));

        try (Informer<Application> informer = client.informer(Application.class, null, Selector.all())) {
            await().until(informer::hasSynced);
            create(app("b", 2));
            await().until(() -> informer.get("default", "b").isPresent());
            assertThat(informer.list()).hasSize(2);

            cp.stop();
            await().until(() -> !informer.connected());
            assertThat(informer.list()).hasSize(2);

            update(app("a", 9));
            cp.start();
            await().until(() -> informer.get("default", "a")
                            .orElseThrow()
                            .spec()
                            .components()
                            .getFirst()
                            .replicas()
                    == 9);
            assertThat(informer.revision()).isEqualTo(3);
        }
    }

    private long openStreams() {
        try (ContinuumClient probe = ContinuumClient.connect(cp.uri(), null)) {
            return metric(probe, "continuum_api_watch_streams");
        }
    }

    private long metric(ContinuumClient probe, String name) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(
                            HttpRequest.newBuilder(probe.server().resolve("/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return body.lines()
                    .filter(l -> l.startsWith(name + " "))
                    .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
