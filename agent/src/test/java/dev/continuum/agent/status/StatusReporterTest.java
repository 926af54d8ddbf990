package dev.continuum.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.TestControlPlane;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.ObjectMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReporterTest {

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private ContinuumClient client;
    private StatusReporter reporter;
    private final Map<InstanceKey, Instance> known = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir);
        client = controlPlane.client();
        reporter = new StatusReporter(
                        client, "n1", new InMemoryStatusOutbox(), key -> Optional.ofNullable(known.get(key)))
                .start();
    }

    @AfterEach
    void tearDown() {
        reporter.close();
        controlPlane.close();
    }

    private Instance create(String name, String node, long epoch) {
        var component = Component.of("svc", ComponentType.SERVICE, "file:///srv/svc.wasm");
        return client.create(
                Instance.of(ObjectMeta.named("default", name), new InstanceSpec("app", "svc", component, node, epoch)));
    }

    private static InstanceStatus running(long epoch) {
        return new InstanceStatus(
                InstancePhase.RUNNING,
                null,
                null,
                "http://n1:7080",
                Instant.now(),
                Instant.now(),
                0,
                null,
                epoch,
                null);
    }

    private InstanceStatus stored(String name) {
        return client.get(Instance.class, "default", name).orElseThrow().status();
    }

    @Test
    void writesTheStatusOfAnInstanceBoundToItsNode() {
        Instance instance = create("a", "n1", 1);

        reporter.report(instance, running(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("a").phase() == InstancePhase.RUNNING);
        assertThat(stored("a").address()).isEqualTo("http://n1:7080");
        await().atMost(Duration.ofSeconds(30)).until(reporter::idle);
    }

    @Test
    void retriesAfterAConflictWithAFreshCopy() {
        Instance instance = create("a", "n1", 1);
        known.put(new InstanceKey("default", "a"), instance);
        // Someone else writes meanwhile: the known copy is stale, its write gets a 409.
        client.update(instance.withMetadata(instance.metadata().withLabel("touched", "yes")));

        reporter.report(instance, running(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("a").phase() == InstancePhase.RUNNING);
    }

    @Test
    void neverWritesAStatusOverANewerEpochOrAnotherNode() {
        Instance moved = create("moved", "n1", 2);
        Instance elsewhere = create("elsewhere", "n2", 1);
        Instance mine = create("mine", "n1", 1);

        // Each report comes from a supervisor that ran epoch 1 on n1.
        reporter.report(moved.withSpec(moved.spec().withEpoch(1)), running(1));
        reporter.report(elsewhere.withSpec(elsewhere.spec().withNode("n1")), running(1));
        reporter.report(mine, running(1));

        // Statuses are sent in the order their Instances first waited, so once the last one is
        // written the first two were decided.
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("mine").phase() == InstancePhase.RUNNING);
        await().atMost(Duration.ofSeconds(30)).until(reporter::idle);
        assertThat(stored("moved").phase()).isEqualTo(InstancePhase.PENDING);
        assertThat(stored("elsewhere").phase()).isEqualTo(InstancePhase.PENDING);
    }

    @Test
    void keepsTheNewestStatusWhileTheControlPlaneIsAwayAndDeliversItWhenItIsBack() {
        Instance instance = create("a", "n1", 1);
        controlPlane.stop();

        reporter.report(instance, running(1).withPhase(InstancePhase.STARTING, "Preparing", null, Instant.now()));
        reporter.report(instance, running(1).withRestarts(4));
        assertThat(reporter.idle()).isFalse();
        controlPlane.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("a").restarts() == 4);
        assertThat(stored("a").phase()).isEqualTo(InstancePhase.RUNNING);
    }
}
