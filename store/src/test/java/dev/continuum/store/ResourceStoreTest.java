package dev.continuum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.ApplicationStatus;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Tier;
import dev.continuum.store.WriteResult.Outcome;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceStoreTest {

    @TempDir
    Path dir;

    private SqliteStateStore kv;
    private ResourceStore store;
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() {
        kv = SqliteStateStore.open(dir.resolve("s.db"));
        AtomicInteger ids = new AtomicInteger();
        store = new ResourceStore(kv, clock, () -> "uid-" + ids.incrementAndGet());
    }

    @AfterEach
    void close() {
        kv.close();
    }

    private static Application app(String name, int replicas) {
        return Application.of(
                ObjectMeta.named("default", name),
                new ApplicationSpec(
                        List.of(Component.of("c", ComponentType.SERVICE, "file:x.wasm")
                                .withReplicas(replicas)),
                        null));
    }

    @Test
    void createStampsIdentityAndVersion() {
        Application created = store.create(app("a", 1)).orThrow();
        assertThat(created.metadata().uid()).isEqualTo("uid-1");
        assertThat(created.metadata().generation()).isEqualTo(1);
        assertThat(created.metadata().creationTimestamp()).isEqualTo(clock.instant());
        assertThat(created.metadata().resourceVersion()).isEqualTo(1);
        assertThat(store.get(Application.class, "default", "a")).contains(created);
        assertThat(ResourceStore.key(dev.continuum.model.Kind.APPLICATION, "default", "a"))
                .isEqualTo("/registry/applications/default/a");
    }

    @Test
    void updateKeepsStatusAndBumpsGenerationOnlyWhenTheSpecChanges() {
        Application created = store.create(app("a", 1)).orThrow();
        Application withStatus = store.updateStatus(created.withStatus(
                        new ApplicationStatus(List.of(new ApplicationStatus.ComponentStatus("c", 1, 1, null)), 1L)))
                .orThrow();
        assertThat(withStatus.metadata().generation()).isEqualTo(1);

        Application relabelled = store.update(
                        withStatus.withMetadata(withStatus.metadata().withLabel("x", "y")))
                .orThrow();
        assertThat(relabelled.metadata().generation()).isEqualTo(1);
        assertThat(relabelled.status()).isEqualTo(withStatus.status());

        Application scaled = store.update(
                        relabelled.withSpec(app("a", 3).spec()).withStatus(ApplicationStatus.EMPTY))
                .orThrow();
        assertThat(scaled.metadata().generation()).isEqualTo(2);
        assertThat(scaled.metadata().labels()).containsEntry("x", "y");
        assertThat(scaled.status()).as("a spec update cannot change status").isEqualTo(withStatus.status());
        assertThat(scaled.metadata().uid()).isEqualTo("uid-1");
    }

    @Test
    void updateStatusKeepsSpecAndMetadata() {
        Node node = store.create(Node.of(
                        ObjectMeta.named("n1"),
                        new NodeSpec(Tier.GATEWAY, null, null, null, null, null, null),
                        NodeStatus.EMPTY))
                .orThrow();
        Node sneaky = node.withSpec(node.spec().withTier(Tier.CLOUD))
                .withMetadata(node.metadata().withLabel("owner", "me"))
                .withStatus(new NodeStatus(null, null, null, List.of("wasm"), null, null, null, null, null, null));
        Node stored = store.updateStatus(sneaky).orThrow();
        assertThat(stored.spec().tier()).isEqualTo(Tier.GATEWAY);
        assertThat(stored.metadata().labels()).isEmpty();
        assertThat(stored.status().runtimes()).containsExactly("wasm");
    }

    @Test
    void staleResourceVersionConflicts() {
        Application created = store.create(app("a", 1)).orThrow();
        store.update(created.withSpec(app("a", 2).spec())).orThrow();
        Result<Application> stale = store.update(created.withSpec(app("a", 5).spec()));
        assertThat(stale.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(stale.value().spec().components().getFirst().replicas()).isEqualTo(2);
    }

    @Test
    void createTwiceSaysAlreadyExists() {
        store.create(app("a", 1));
        assertThat(store.create(app("a", 1)).outcome()).isEqualTo(Outcome.ALREADY_EXISTS);
    }

    @Test
    void listIsPerNamespaceOrAll() {
        store.create(app("a", 1));
        store.create(app("b", 1).withMetadata(ObjectMeta.named("other", "b")));
        assertThat(store.list(Application.class, "default").items()).hasSize(1);
        assertThat(store.list(Application.class, null).items()).hasSize(2);
    }

    @Test
    void watchSaysAddedModifiedDeleted() {
        List<ResourceEvent<Application>> seen = Collections.synchronizedList(new ArrayList<>());
        store.watch(Application.class, "default", 0, seen::add, () -> {});
        Application a = store.create(app("a", 1)).orThrow();
        store.update(a.withSpec(app("a", 2).spec())).orThrow();
        store.delete(Application.class, "default", "a", 0);
        await().until(() -> seen.size() == 3);
        assertThat(seen)
                .extracting(ResourceEvent::type)
                .containsExactly(ResourceEvent.Type.ADDED, ResourceEvent.Type.MODIFIED, ResourceEvent.Type.DELETED);
        assertThat(seen.get(2).object().metadata().name()).isEqualTo("a");
        assertThat(seen.get(1).object().metadata().resourceVersion())
                .isEqualTo(seen.get(1).revision());
    }
}
