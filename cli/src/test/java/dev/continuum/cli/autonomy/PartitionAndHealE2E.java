package dev.continuum.cli.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A gateway node is cut off from the control plane (its proxy blackholes) and comes back.
 *
 * <p>Timings: leases renewed every 1 s with a 3 s grace, gateway autonomy window 6 s, fencing margin
 * 1 s. Three components of one application run on {@code edge-a}, each a ticker that proves it runs
 * by writing to its own log: {@code keeper} (replace: false), {@code mover} (replaced, the
 * replacement kept on return) and {@code single} (at most one copy; stops itself after 4 s cut
 * off). Bounds add a few seconds to the design times for a loaded 2-core machine: JVMs, SQLite
 * fsyncs and WebAssembly compilation share it.
 */
class PartitionAndHealE2E extends AutonomyE2E {

    private static final Duration WINDOW = Duration.ofSeconds(6);
    private static final Duration STOP_AFTER = Duration.ofSeconds(4);
    private static final Duration SLACK = Duration.ofSeconds(3);

    @Test
    void keepsWorkInsideTheWindowReplacesOnlyPerPolicyAndNeverRunsAnAtMostOneComponentTwice() throws Exception {
        cluster.startServer(
                "--default-autonomy", "gateway=" + WINDOW.toSeconds() + "s",
                "--fencing-margin", "1s",
                "--eviction-rate", "10",
                "--eviction-burst", "10");
        AgentNode a = cluster.agent("edge-a", "--tier", "gateway").start();
        cluster.await(
                "edge-a is Ready",
                Duration.ofSeconds(60),
                () -> cluster.node("edge-a").isReady());
        String ticker = cluster.module("/autonomy/ticker.wasm");
        cluster.apply("""
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: plant}
                spec:
                  components:
                    - name: keeper
                      module: %1$s
                      disconnect: {replace: false}
                    - name: mover
                      module: %1$s
                      disconnect: {reconcile: keepReplacement}
                    - name: single
                      module: %1$s
                      disconnect: {atMostOne: true, stopOnNodeAfter: %2$ds, reconcile: keepReplacement}
                """.formatted(ticker, STOP_AFTER.toSeconds()));
        cluster.await(
                "all three Running on edge-a and ticking",
                Duration.ofSeconds(90),
                () -> List.of("keeper", "mover", "single").stream().allMatch(c -> {
                    Instance i = cluster.only("plant", c);
                    return AutonomyCluster.running(i)
                            && "edge-a".equals(i.spec().node())
                            && cluster.tap().ticking(i.metadata().name(), Duration.ofSeconds(1));
                }));
        cluster.agent("edge-b", "--tier", "gateway").start();
        cluster.await(
                "edge-b is Ready",
                Duration.ofSeconds(60),
                () -> cluster.node("edge-b").isReady());
        Instance keeper = cluster.only("plant", "keeper");
        Instance mover = cluster.only("plant", "mover");
        Instance single = cluster.only("plant", "single");
        Instant before = Instant.now();

        Instant cut = Instant.now();
        a.partition();

        cluster.await(
                "edge-a NodeUnreachable within the grace (3 s) + one renewal (1 s) + slack",
                AutonomyCluster.GRACE.plus(AutonomyCluster.RENEWAL).plus(SLACK),
                () -> cluster.readiness("edge-a").equals("NodeUnreachable"));
        Node unreachable = cluster.node("edge-a");
        assertThat(unreachable.readyCondition().orElseThrow().lastTransitionTime())
                .as("not before the grace minus one renewal had passed since the cut")
                .isAfterOrEqualTo(cut.plus(AutonomyCluster.GRACE)
                        .minus(AutonomyCluster.RENEWAL)
                        .minusMillis(500));

        cluster.await(
                "single's copy on edge-a stops itself after stopOnNodeAfter (4 s) + one renewal + slack",
                STOP_AFTER.plus(AutonomyCluster.RENEWAL).plus(SLACK).plusSeconds(1),
                () -> !cluster.tap().ticking(single.metadata().name(), Duration.ofMillis(700)));
        assertThat(cluster.tap().lastTick(single.metadata().name()))
                .as(
                        "it stopped within stopOnNodeAfter of its last acknowledged renewal, sent at most 1 s before the cut")
                .isBefore(cut.plus(STOP_AFTER).plusSeconds(2));

        Instant windowEnds =
                cut.plus(AutonomyCluster.GRACE).minus(AutonomyCluster.RENEWAL).plus(WINDOW);
        cluster.holdsFor(
                "inside edge-a's autonomy window nothing is replaced or declared lost; keeper and mover keep running",
                Duration.between(Instant.now(), windowEnds.minusMillis(500)),
                () -> List.of("keeper", "mover", "single").stream()
                                .allMatch(c -> cluster.instances("plant", c).size() == 1
                                        && !Disconnection.lost(cluster.only("plant", c)))
                        && cluster.tap().ticking(keeper.metadata().name(), Duration.ofSeconds(1))
                        && cluster.tap().ticking(mover.metadata().name(), Duration.ofSeconds(1)));

        cluster.await(
                "mover and single replaced on edge-b: grace + window + renewal, a start and slack",
                AutonomyCluster.GRACE.plus(WINDOW).plus(SLACK).plusSeconds(8),
                () -> replacementRuns("mover") && replacementRuns("single"));
        assertThat(cluster.instances("plant", "keeper"))
                .as("replace: false — kept, never replaced")
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.metadata().name()).isEqualTo(keeper.metadata().name());
                    assertThat(Disconnection.lost(i)).isFalse();
                });
        assertThat(cluster.tap().ticking(keeper.metadata().name(), Duration.ofSeconds(1)))
                .as("keeper still runs on the cut-off node")
                .isTrue();
        assertThat(cluster.tap().ticking(mover.metadata().name(), Duration.ofSeconds(1)))
                .as("mover's original runs on too: it is not at-most-one")
                .isTrue();
        Instance singleReplacement = replacement("single");
        assertThat(singleReplacement.spec().epoch()).isEqualTo(single.spec().epoch() + 1);
        assertThat(singleReplacement.metadata().annotations())
                .containsEntry(Disconnection.REPLACES, single.metadata().name())
                .containsEntry(Disconnection.LINEAGE, single.metadata().name());

        a.heal();
        cluster.await(
                "edge-a Ready again: a renewal, a client timeout (2 s) and a reconnect backoff (<= 5 s)",
                Duration.ofSeconds(10),
                () -> cluster.node("edge-a").isReady());
        cluster.await(
                "keepReplacement: mover's and single's originals deleted, their copies gone from edge-a",
                Duration.ofSeconds(10),
                () -> cluster.instance(mover.metadata().name()).isEmpty()
                        && cluster.instance(single.metadata().name()).isEmpty()
                        && !cluster.tap().ticking(mover.metadata().name(), Duration.ofMillis(700)));
        cluster.holdsFor(
                "after the reconcile: one copy of each, the replacements on edge-b",
                Duration.ofSeconds(3),
                () -> cluster.instances("plant", "mover").size() == 1
                        && cluster.instances("plant", "single").size() == 1
                        && "edge-b"
                                .equals(cluster.only("plant", "single").spec().node()));

        Instance keptKeeper = cluster.instance(keeper.metadata().name()).orElseThrow();
        assertThat(keptKeeper.status().restarts())
                .as("keeper was never restarted")
                .isZero();
        assertThat(keptKeeper.status().startTime()).isEqualTo(keeper.status().startTime());
        assertThat(cluster.tap().startsSince(keeper.metadata().name(), before))
                .as("keeper's log shows no new start through the partition and the heal")
                .isZero();

        List<LogTap.Run> singleRuns = LogTap.runs(cluster.tap().ticks("plant-single-"), Duration.ofMillis(900));
        cluster.note("single ran: " + singleRuns);
        assertThat(singleRuns.stream().map(LogTap.Run::copy).distinct())
                .as("both copies of single ran")
                .hasSize(2);
        for (LogTap.Run r : singleRuns) {
            for (LogTap.Run other : singleRuns) {
                if (r != other && !r.copy().equals(other.copy())) {
                    assertThat(r.overlaps(other))
                            .as("never two copies of single at once: %s and %s", r, other)
                            .isFalse();
                }
            }
        }
    }

    private boolean replacementRuns(String component) {
        List<Instance> all = cluster.instances("plant", component);
        return all.stream()
                .anyMatch(i -> i.metadata().annotations().containsKey(Disconnection.REPLACES)
                        && "edge-b".equals(i.spec().node())
                        && AutonomyCluster.running(i)
                        && cluster.tap().ticking(i.metadata().name(), Duration.ofSeconds(1)));
    }

    private Instance replacement(String component) {
        return cluster.instances("plant", component).stream()
                .filter(i -> i.metadata().annotations().containsKey(Disconnection.REPLACES))
                .findFirst()
                .orElseThrow();
    }
}
