package dev.continuum.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Resources;
import dev.continuum.controller.testing.TestStore;
import dev.continuum.model.Node;
import dev.continuum.model.Tier;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InformerTest {

    @TempDir
    Path dir;

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private TestStore store;
    private Informer<Node> informer;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        if (informer != null) {
            informer.close();
        }
        store.close();
    }

    private Node node(String name) {
        return Resources.node(name, Tier.CLOUD, "4", "8Gi");
    }

    private void startInformer() {
        informer = new Informer<>(store.typed(), Node.class, time);
        informer.addIndex("tier", n -> List.of(n.spec().tier().wireName()));
        informer.addHandler(recorder());
        informer.start();
    }

    private ResourceHandler<Node> recorder() {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(Node n) {
                heard.add("add " + n.metadata().name());
            }

            @Override
            public void onUpdate(Node old, Node now) {
                heard.add("update " + now.metadata().name());
            }

            @Override
            public void onDelete(Node last) {
                heard.add("delete " + last.metadata().name());
            }
        };
    }

    @Test
    void listsWhatIsStoredThenFollowsEveryChangeInOrder() {
        store = TestStore.open(dir, time);
        Node first = store.create(node("n1"));
        startInformer();
        assertThat(informer.synced()).isTrue();
        assertThat(informer.cache().get(ObjectKey.cluster("n1"))).contains(first);
        assertThat(heard).containsExactly("add n1");

        store.create(node("n2"));
        Node moved = store.typed()
                .update(first.withSpec(first.spec().withTier(Tier.GATEWAY)))
                .orThrow();
        store.typed().delete(Node.class, null, "n2", 0);

        await().until(() -> heard.size() == 4);
        assertThat(heard).containsExactly("add n1", "add n2", "update n1", "delete n2");
        assertThat(informer.cache().keys()).containsExactly(ObjectKey.cluster("n1"));
        assertThat(informer.cache().get(ObjectKey.cluster("n1"))).contains(moved);
        assertThat(informer.revision()).isEqualTo(store.raw().revision());
    }

    @Test
    void keepsItsIndexesInStepWithTheObjects() {
        store = TestStore.open(dir, time);
        Node n1 = store.create(node("n1"));
        store.create(node("n2"));
        startInformer();
        assertThat(informer.cache().byIndex("tier", "cloud")).hasSize(2);

        store.typed().update(n1.withSpec(n1.spec().withTier(Tier.GATEWAY)));
        await().until(() -> informer.cache().byIndex("tier", "gateway").size() == 1);
        assertThat(informer.cache().byIndex("tier", "cloud"))
                .extracting(n -> n.metadata().name())
                .containsExactly("n2");
        store.typed().delete(Node.class, null, "n2", 0);
        await().until(() -> informer.cache().byIndex("tier", "cloud").isEmpty());
    }

    /** A gate on the informer's delivery: the add of one named object holds it until opened. */
    private static final class Gate {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        void awaitReached() throws InterruptedException {
            assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A handler that holds the thread delivering the add of a gated object until its gate opens. */
    private static final class Gates implements ResourceHandler<Node> {
        final Map<String, Gate> gates = new ConcurrentHashMap<>();

        Gate on(String name) {
            Gate g = new Gate();
            gates.put(name, g);
            return g;
        }

        @Override
        public void onAdd(Node n) {
            Gate g = gates.remove(n.metadata().name());
            if (g != null) {
                g.reached.countDown();
                try {
                    g.open.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onUpdate(Node old, Node now) {}

        @Override
        public void onDelete(Node last) {}
    }

    private final Gates gates = new Gates();

    /**
     * Starts an informer on n0, then holds its watch on the add of n1 while n2..n4 are written, so
     * that the watch falls more than its backlog of 2 behind and the store cancels it.
     */
    private Gate startAndOverflowTheWatch() throws InterruptedException {
        store = TestStore.open(dir, time, new SqliteStateStore.Options(50_000, 4, 2));
        store.create(node("n0"));
        informer = new Informer<>(store.typed(), Node.class, time);
        informer.addHandler(gates);
        informer.addHandler(recorder());
        informer.start();
        Gate held = gates.on("n1");
        store.create(node("n1"));
        held.awaitReached();
        for (int i = 2; i <= 4; i++) {
            store.create(node("n" + i));
        }
        return held;
    }

    @Test
    void listsAgainWhenTheWatchIsCancelledAndReportsWhatChangedMeanwhile() throws InterruptedException {
        Gate held = startAndOverflowTheWatch();
        store.typed().delete(Node.class, null, "n0", 0);
        held.open.countDown();

        await().until(() -> informer.lists() == 2 && heard.contains("delete n0"));
        assertThat(informer.cache().keys())
                .extracting(ObjectKey::name)
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
        assertThat(heard).containsExactlyInAnyOrder("add n0", "add n1", "add n2", "add n3", "add n4", "delete n0");
        store.create(node("n5"));
        await().until(() -> informer.cache().size() == 5);
    }

    @Test
    void listsAgainWhenTheWatchFromTheListingIsTooOld() throws InterruptedException {
        Gate first = startAndOverflowTheWatch();
        Gate duringRelist = gates.on("n2"); // the relist after the cancel adds n2, then holds
        first.open.countDown();
        duringRelist.awaitReached();
        // While the relist sits between its listing and its watch, history moves on and is compacted.
        store.typed().delete(Node.class, null, "n0", 0);
        store.create(node("n5"));
        store.raw().compact(store.raw().revision());
        duringRelist.open.countDown();

        await().until(() -> informer.lists() == 3 && informer.cache().size() == 5);
        assertThat(informer.cache().keys())
                .extracting(ObjectKey::name)
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4", "n5");
        assertThat(heard).contains("delete n0", "add n5");
        store.create(node("n6"));
        await().until(() -> informer.cache().size() == 6);
        assertThat(informer.revision()).isEqualTo(store.raw().revision());
    }
}
