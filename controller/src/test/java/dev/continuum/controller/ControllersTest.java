package dev.continuum.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Resources;
import dev.continuum.controller.testing.Sequence;
import dev.continuum.controller.testing.TestStore;
import dev.continuum.model.Application;
import dev.continuum.model.ApplicationStatus.ComponentStatus;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import dev.continuum.model.Tier;
import dev.continuum.testing.MakeNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllersTest {

    @TempDir
    Path dir;

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private TestStore store;
    private Controllers controllers;

    @BeforeEach
    void open() {
        store = TestStore.open(dir, time);
    }

    @AfterEach
    void close() {
        if (controllers != null) {
            controllers.close();
        }
        store.close();
    }

    private ControllerOptions options() {
        return ControllerOptions.defaults()
                .withTime(time, time)
                .withIds(new Sequence("x"))
                .withLeaseCheckInterval(Duration.ofSeconds(5));
    }

    private List<Instance> instances() {
        return store.typed().list(Instance.class, "default").items();
    }

    @Test
    void runsUntilClosed() {
        controllers = Controllers.start(store.typed(), options());
        assertThat(controllers.running()).isTrue();
        controllers.close();
        assertThat(controllers.running()).isFalse();
        controllers.close();
    }

    @Test
    void takesAnApplicationFromDeclarationToInstancesBoundWhereTheyFit() {
        store.create(MakeNode.named("cloud-1").tier(Tier.CLOUD).obj());
        store.create(MakeNode.named("gw-1").tier(Tier.GATEWAY).arch("arm64").obj());
        store.create(Resources.lease("cloud-1", time.instant(), Duration.ofSeconds(40)));
        store.create(Resources.lease("gw-1", time.instant(), Duration.ofSeconds(40)));
        var web = Resources.service("web")
                .withReplicas(2)
                .withPlacement(dev.continuum.testing.MakeInstance.named("x")
                        .tiers(Tier.GATEWAY)
                        .template()
                        .placement());
        store.create(Resources.application("hello", web));
        controllers = Controllers.start(store.typed(), options());

        await().until(() -> instances().size() == 2 && instances().stream().allMatch(Instance::isBound));
        assertThat(instances()).allSatisfy(i -> {
            assertThat(i.metadata().name()).startsWith("hello-web-x");
            assertThat(i.spec().node()).isEqualTo("gw-1");
        });
        await().until(() -> instances().stream().allMatch(i -> i.status().phase() == InstancePhase.SCHEDULED));
        await().until(() -> store.typed()
                .get(Application.class, "default", "hello")
                .orElseThrow()
                .status()
                .components()
                .equals(List.of(new ComponentStatus("web", 2, 0, null))));
    }

    @Test
    void marksANodeWhoseAgentStoppedUnreachable() {
        store.create(MakeNode.named("gw-1").tier(Tier.GATEWAY).obj());
        store.create(Resources.lease("gw-1", time.instant(), Duration.ofSeconds(40)));
        controllers = Controllers.start(store.typed(), options());

        // Time runs on by five seconds at each look; nobody renews the lease.
        await().until(() -> {
            time.advance(Duration.ofSeconds(5));
            return !store.typed().get(Node.class, null, "gw-1").orElseThrow().isReady();
        });
        assertThat(time.instant()).as("not before the lease expired").isAfter(Instant.parse("2026-01-01T00:00:40Z"));
        await().until(() -> store.typed().list(Event.class, "default").items().stream()
                .anyMatch(e -> e.spec().reason().equals("NodeUnreachable")));
    }
}
