package dev.continuum.cli.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.controller.disconnect.DisconnectController;
import dev.continuum.controller.node.NodeLifecycleController;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The control plane dies (SIGKILL) and stays away for more than three graces while its two cloud
 * nodes — whose windows are 0, so a lost node is replaced at once — keep working. When it returns,
 * nothing may be taken for node loss: the leases it could not see renewed are no evidence.
 */
class ControlPlaneRestartE2E extends AutonomyE2E {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    void aControlPlaneOutageEvictsNothing() throws Exception {
        cluster.startServer("--default-autonomy", "cloud=0s", "--eviction-rate", "10", "--eviction-burst", "10");
        cluster.agent("c1", "--tier", "cloud").start();
        cluster.agent("c2", "--tier", "cloud").start();
        cluster.await(
                "c1 and c2 Ready",
                Duration.ofSeconds(60),
                () -> cluster.node("c1").isReady() && cluster.node("c2").isReady());
        String ticker = cluster.module("/autonomy/ticker.wasm");
        cluster.apply("""
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: web}
                spec:
                  components:
                    - name: serve
                      module: %s
                      replicas: 2
                """.formatted(ticker));
        cluster.await(
                "both copies Running and ticking",
                Duration.ofSeconds(90),
                () -> cluster.instances("web", "serve").size() == 2
                        && cluster.instances("web", "serve").stream()
                                .allMatch(i -> AutonomyCluster.running(i)
                                        && cluster.tap().ticking(i.metadata().name(), Duration.ofSeconds(1))));
        List<Instance> before = cluster.instances("web", "serve");
        Set<String> names = names(before);

        cluster.killServer();
        cluster.holdsFor(
                "the copies run on while the control plane is away (" + OUTAGE.toSeconds() + " s, over 3 graces)",
                OUTAGE,
                () -> names.stream().allMatch(n -> cluster.tap().ticking(n, Duration.ofSeconds(1))));
        cluster.startServer();

        Duration watch = AutonomyCluster.GRACE.multipliedBy(3).plusSeconds(3);
        cluster.holdsFor(
                "for 3 graces after the restart no node is unreachable and no copy is lost, replaced or restarted",
                watch,
                () -> List.of("c1", "c2").stream()
                                .noneMatch(
                                        n -> List.of(NodeLifecycleController.UNREACHABLE, NodeLifecycleController.LOST)
                                                .contains(cluster.readiness(n)))
                        && names(cluster.instances("web", "serve")).equals(names)
                        && cluster.instances("web", "serve").stream().noneMatch(Disconnection::lost)
                        && names.stream().allMatch(n -> cluster.tap().ticking(n, Duration.ofSeconds(1))));
        assertThat(cluster.events(NodeLifecycleController.UNREACHABLE)).isEmpty();
        assertThat(cluster.events(DisconnectController.INSTANCE_LOST)).isEmpty();
        for (Instance i : before) {
            assertThat(cluster.tap()
                            .startsSince(
                                    i.metadata().name(), i.status().startTime().plusSeconds(1)))
                    .as("%s was not restarted", i.metadata().name())
                    .isZero();
        }
    }

    private static Set<String> names(List<Instance> instances) {
        return instances.stream().map(i -> i.metadata().name()).collect(Collectors.toSet());
    }
}
