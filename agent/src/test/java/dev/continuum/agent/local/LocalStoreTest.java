package dev.continuum.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.agent.fetch.ModuleCache;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("local").resolve("agent.db");
    }

    private static Instance instance(String name, String uid, long epoch, long version) {
        Instance i = Instance.of(
                ObjectMeta.named("default", name).withUid(uid),
                new InstanceSpec(
                        "app", "c", Component.of("c", ComponentType.SERVICE, "file:/srv/c.wasm"), "n1", epoch));
        return i.withMetadata(i.metadata().withResourceVersion(version));
    }

    private static InstanceStatus running(long epoch, int restarts) {
        return new InstanceStatus(
                InstancePhase.RUNNING, null, null, null, Instant.EPOCH, Instant.EPOCH, restarts, null, epoch, null);
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideAndAFreshStoreStarts() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(
                file(),
                "this is not SQLite, as after a torn write to a fresh file"
                        .repeat(200)
                        .getBytes());

        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            Recovery recovery = store.recovery().orElseThrow();
            assertThat(recovery.movedTo()).exists();
            assertThat(recovery.describe())
                    .contains("the local store was unusable")
                    .contains("it was moved to " + recovery.movedTo())
                    .contains("takes its Instances from the control plane again");
            new LocalInstances(store).put(instance("a", "u1", 1, 5), 5);
            assertThat(new LocalInstances(store).all()).hasSize(1);
        }
        try (LocalStore again = LocalStore.open(file(), Clock.systemUTC())) {
            assertThat(again.recovery())
                    .as("the fresh store opens cleanly next time")
                    .isEmpty();
        }
    }

    @Test
    void aStoreOfASchemaThisAgentDoesNotWriteIsMovedAside() {
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            store.meta("schema", "99");
        }
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            assertThat(store.recovery().orElseThrow().problem()).contains("schema 99");
        }
    }

    @Test
    void keepsTheLastKnownStatusOfTheSameRunAndForgetsItForANewEpoch() {
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            LocalInstances instances = new LocalInstances(store);
            instances.put(instance("a", "u1", 1, 5), 5);
            instances.status(new InstanceKey("default", "a"), "u1", 1, running(1, 3));
            instances.put(instance("a", "u1", 1, 9), 9);
            assertThat(instances.all().getFirst().instance().status().restarts())
                    .as("same uid and epoch: the status carries over")
                    .isEqualTo(3);

            instances.put(instance("a", "u1", 2, 12), 12);
            assertThat(instances.all().getFirst().instance().status().phase())
                    .as("a new epoch starts with no status")
                    .isEqualTo(InstancePhase.PENDING);
            assertThat(instances.floor()).isEqualTo(12);
        }
    }

    @Test
    void aRecordThatCannotBeReadIsForgottenAndTheOthersKept() {
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            LocalInstances instances = new LocalInstances(store);
            instances.put(instance("a", "u1", 1, 5), 5);
            instances.put(instance("b", "u2", 1, 6), 6);
            store.transaction(c -> {
                try (var ps = c.prepareStatement("UPDATE instances SET object = ? WHERE name = 'a'")) {
                    ps.setBytes(1, "{\"half\": ".getBytes());
                    return ps.executeUpdate();
                }
            });

            assertThat(instances.all())
                    .extracting(s -> s.instance().metadata().name())
                    .containsExactly("b");
            assertThat(instances.all()).as("and it is gone for good").hasSize(1);
        }
    }

    @Test
    void theFloorOnlyRisesAndAFenceKeepsTheHighestEpoch() {
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            LocalInstances instances = new LocalInstances(store);
            instances.raiseFloor(40);
            instances.raiseFloor(30);
            assertThat(instances.floor()).isEqualTo(40);
            instances.raiseFence("default", "web-1", 3);
            instances.raiseFence("default", "web-1", 2);
            assertThat(instances.fence("default", "web-1")).isEqualTo(3);
            assertThat(instances.fence("default", "other")).isZero();
        }
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            assertThat(new LocalInstances(store).floor())
                    .as("kept across a restart")
                    .isEqualTo(40);
        }
    }

    @Test
    void aModuleBlobIsKeptWhileAnInstanceUsesItAndDroppedWithTheLast() {
        try (LocalStore store = LocalStore.open(file(), Clock.systemUTC())) {
            LocalInstances instances = new LocalInstances(store);
            ModuleCache modules = new ModuleCache(store);
            String digest = modules.put(new byte[] {0, 97, 115, 109});
            modules.remember("file:/srv/c.wasm", digest);
            instances.put(instance("a", "u1", 1, 5), 5);
            instances.put(instance("b", "u2", 1, 6), 6);
            instances.module(new InstanceKey("default", "a"), "u1", digest);
            instances.module(new InstanceKey("default", "b"), "u2", digest);

            instances.remove(new InstanceKey("default", "a"), 7);
            assertThat(modules.get(digest)).isPresent();
            instances.remove(new InstanceKey("default", "b"), 8);
            assertThat(modules.get(digest)).isEmpty();
            assertThat(modules.lastDigestOf("file:/srv/c.wasm")).isEmpty();
        }
    }
}
