package dev.continuum.cli.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A gateway node is cut off long enough for its work to be replaced on a cloud node, then comes
 * back, and each component's {@code reconcile} decides which copy survives: {@code keepOriginal}
 * (the original never stopped, so it is not restarted), {@code bestScore} twice (one component
 * prefers the gateway tier, one the cloud), and {@code keepOriginal} for an at-most-one component,
 * whose replacement must stop before the original runs again.
 *
 * <p>Timings: leases 1 s / 3 s, gateway window 4 s, fencing margin 1 s; the at-most-one copy stops
 * itself after 3 s cut off.
 */
class ReconcileStrategiesE2E extends AutonomyE2E {

    private static final List<String> COMPONENTS = List.of("orig", "best-edge", "best-cloud", "solo");

    @Test
    void eachStrategyKeepsTheCopyItSays() throws Exception {
        cluster.startServer(
                "--default-autonomy", "gateway=4s",
                "--fencing-margin", "1s",
                "--eviction-rate", "10",
                "--eviction-burst", "10");
        AgentNode edge = cluster.agent("edge", "--tier", "gateway").start();
        cluster.await(
                "edge is Ready",
                Duration.ofSeconds(60),
                () -> cluster.node("edge").isReady());
        String ticker = cluster.module("/autonomy/ticker.wasm");
        cluster.apply("""
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: strat}
                spec:
                  components:
                    - name: orig
                      module: %1$s
                      disconnect: {reconcile: keepOriginal}
                    - name: best-edge
                      module: %1$s
                      placement: {preferredTiers: [gateway]}
                      disconnect: {reconcile: bestScore}
                    - name: best-cloud
                      module: %1$s
                      placement: {preferredTiers: [cloud]}
                      disconnect: {reconcile: bestScore}
                    - name: solo
                      module: %1$s
                      disconnect: {atMostOne: true, stopOnNodeAfter: 3s, reconcile: keepOriginal}
                """.formatted(ticker));
        cluster.await(
                "all four Running on edge",
                Duration.ofSeconds(90),
                () -> COMPONENTS.stream().allMatch(c -> {
                    Instance i = cluster.only("strat", c);
                    return AutonomyCluster.running(i)
                            && cluster.tap().ticking(i.metadata().name(), Duration.ofSeconds(1));
                }));
        cluster.agent("cloud", "--tier", "cloud").start();
        cluster.await(
                "cloud is Ready",
                Duration.ofSeconds(60),
                () -> cluster.node("cloud").isReady());
        Map<String, Instance> originals = new java.util.HashMap<>();
        for (String c : COMPONENTS) {
            originals.put(c, cluster.only("strat", c));
        }
        Instant before = Instant.now();

        edge.partition();
        cluster.await(
                "every component replaced on cloud: grace 3 s + window 4 s + a start + slack",
                Duration.ofSeconds(25),
                () -> COMPONENTS.stream()
                        .allMatch(c -> replacement(c)
                                .filter(r -> "cloud".equals(r.spec().node()) && AutonomyCluster.running(r))
                                .filter(r -> cluster.tap().ticking(r.metadata().name(), Duration.ofSeconds(1)))
                                .isPresent()));
        Map<String, Instance> replacements = new java.util.HashMap<>();
        for (String c : COMPONENTS) {
            replacements.put(c, replacement(c).orElseThrow());
        }

        edge.heal();
        cluster.await(
                "edge Ready again",
                Duration.ofSeconds(10),
                () -> cluster.node("edge").isReady());
        cluster.await(
                "keepOriginal and bestScore (gateway preferred): originals kept, replacements deleted",
                Duration.ofSeconds(10),
                () -> keptOriginal("orig", originals, replacements)
                        && keptOriginal("best-edge", originals, replacements));
        cluster.await(
                "bestScore (cloud preferred): the replacement kept, the original deleted",
                Duration.ofSeconds(10),
                () -> cluster.instance(originals.get("best-cloud").metadata().name())
                                .isEmpty()
                        && cluster.instance(replacements
                                        .get("best-cloud")
                                        .metadata()
                                        .name())
                                .isPresent());
        Instance orig =
                cluster.instance(originals.get("orig").metadata().name()).orElseThrow();
        assertThat(orig.spec().epoch()).as("the kept original keeps its epoch").isEqualTo(1);
        assertThat(orig.status().restarts()).isZero();
        assertThat(cluster.tap().startsSince(orig.metadata().name(), before))
                .as("keepOriginal: the original ran on through the partition and was not restarted")
                .isZero();

        String solo = originals.get("solo").metadata().name();
        String soloReplacement = replacements.get("solo").metadata().name();
        cluster.await(
                "at-most-one keepOriginal: the replacement is fenced and stops, then the original runs again at epoch 3",
                Duration.ofSeconds(20),
                () -> cluster.instance(soloReplacement).isEmpty()
                        && cluster.instance(solo)
                                .filter(i -> i.spec().epoch() == 3 && !Disconnection.lost(i))
                                .filter(AutonomyCluster::running)
                                .isPresent()
                        && cluster.tap().ticking(solo, Duration.ofSeconds(1)));
        List<LogTap.Run> runs = LogTap.runs(cluster.tap().ticks("strat-solo-"), Duration.ofMillis(900));
        cluster.note("solo ran: " + runs);
        for (LogTap.Run r : runs) {
            for (LogTap.Run other : runs) {
                if (!r.copy().equals(other.copy())) {
                    assertThat(r.overlaps(other))
                            .as("never two copies of solo at once: %s and %s", r, other)
                            .isFalse();
                }
            }
        }
        assertThat(runs.stream().map(LogTap.Run::copy).distinct()).hasSize(2);
    }

    private Optional<Instance> replacement(String component) {
        return cluster.instances("strat", component).stream()
                .filter(i -> i.metadata().annotations().containsKey(Disconnection.REPLACES))
                .findFirst();
    }

    private boolean keptOriginal(String c, Map<String, Instance> originals, Map<String, Instance> replacements) {
        return cluster.instance(replacements.get(c).metadata().name()).isEmpty()
                && cluster.instance(originals.get(c).metadata().name())
                        .filter(i -> !Disconnection.lost(i))
                        .isPresent()
                && cluster.tap().ticking(originals.get(c).metadata().name(), Duration.ofSeconds(1));
    }
}
