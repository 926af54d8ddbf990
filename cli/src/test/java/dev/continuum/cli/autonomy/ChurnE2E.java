package dev.continuum.cli.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Instance;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Nodes come and go. A gateway node leaves and rejoins under the same name — on the same machine,
 * then as a fresh machine with an empty data folder — and keeps its identity and its Instance.
 * Then it leaves for good: after its autonomy window its Instance is replaced on another node, and
 * after the retention of lost nodes the Node itself is removed.
 *
 * <p>Timings: leases 1 s / 3 s, gateway window 8 s, lost nodes kept 4 s after their window.
 */
class ChurnE2E extends AutonomyE2E {

    private static final Duration WINDOW = Duration.ofSeconds(8);
    private static final Duration RETENTION = Duration.ofSeconds(4);

    @Test
    void aNodeThatRejoinsKeepsItsIdentityAndWorkAndOneGoneForGoodIsCleanedUp() throws Exception {
        cluster.startServer(
                "--default-autonomy",
                "gateway=" + WINDOW.toSeconds() + "s",
                "--lost-node-retention",
                RETENTION.toSeconds() + "s",
                "--eviction-rate",
                "10",
                "--eviction-burst",
                "10");
        AgentNode g1 = cluster.agent("g1", "--tier", "gateway").start();
        cluster.await(
                "g1 is Ready", Duration.ofSeconds(60), () -> cluster.node("g1").isReady());
        String ticker = cluster.module("/autonomy/ticker.wasm");
        cluster.apply("""
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: churn}
                spec:
                  components:
                    - name: work
                      module: %s
                """.formatted(ticker));
        cluster.await("work runs on g1", Duration.ofSeconds(60), () -> runsOn("g1"));
        String uid = cluster.node("g1").metadata().uid();
        String work = cluster.only("churn", "work").metadata().name();

        g1.stop();
        cluster.await(
                "g1 unreachable after it left: grace + renewal + slack",
                Duration.ofSeconds(8),
                () -> cluster.readiness("g1").equals("NodeUnreachable"));
        Instant rejoined = Instant.now();
        g1.start();
        cluster.await(
                "g1 back and Ready",
                Duration.ofSeconds(30),
                () -> cluster.node("g1").isReady());
        cluster.await(
                "its Instance runs again on it",
                Duration.ofSeconds(30),
                () -> runsOn("g1")
                        && cluster.tap().startsSince(work, rejoined) == 1
                        && cluster.tap().ticking(work, Duration.ofSeconds(1)));
        assertThat(cluster.node("g1").metadata().uid()).as("the same Node").isEqualTo(uid);
        assertThat(cluster.only("churn", "work").metadata().name())
                .as("the same Instance, not a replacement")
                .isEqualTo(work);

        g1.stop();
        g1.start(dir.resolve("g1-fresh-machine"));
        cluster.await(
                "g1 rejoins from an empty data folder under its name and runs its Instance again",
                Duration.ofSeconds(60),
                () -> cluster.node("g1").isReady()
                        && runsOn("g1")
                        && cluster.tap().tickingOn("g1'", work, Duration.ofSeconds(1)));
        assertThat(cluster.node("g1").metadata().uid())
                .as("still the same Node")
                .isEqualTo(uid);
        assertThat(cluster.only("churn", "work").metadata().name()).isEqualTo(work);

        cluster.agent("g2", "--tier", "gateway").start();
        cluster.await(
                "g2 is Ready", Duration.ofSeconds(60), () -> cluster.node("g2").isReady());
        g1.stop();
        cluster.note("g1 left for good");
        cluster.await(
                "g1's Instance replaced on g2 after g1's window: grace + window + a start + slack",
                AutonomyCluster.GRACE.plus(WINDOW).plusSeconds(15),
                () -> cluster.instances("churn", "work").stream()
                        .anyMatch(i -> "g2".equals(i.spec().node())
                                && AutonomyCluster.running(i)
                                && cluster.tap().ticking(i.metadata().name(), Duration.ofSeconds(1))));
        cluster.await(
                "g1 removed after its window and the retention; its lost Instance deleted with it",
                RETENTION.plusSeconds(10),
                () -> cluster.client().get(Node.class, null, "g1").isEmpty()
                        && cluster.client().get(Lease.class, null, "g1").isEmpty()
                        && cluster.instance(work).isEmpty());
        assertThat(cluster.instances("churn", "work"))
                .singleElement()
                .satisfies(i -> assertThat(i.spec().node()).isEqualTo("g2"));
    }

    private boolean runsOn(String node) {
        Instance i = cluster.only("churn", "work");
        return node.equals(i.spec().node()) && AutonomyCluster.running(i);
    }
}
