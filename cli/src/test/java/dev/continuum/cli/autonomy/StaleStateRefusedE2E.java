package dev.continuum.cli.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.agent.sync.StaleDesiredStateException;
import dev.continuum.model.Event;
import dev.continuum.model.EventSpec;
import dev.continuum.model.EventSpec.ObjectReference;
import dev.continuum.model.EventType;
import dev.continuum.model.ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The control plane's store is restored from a backup taken before a second application was
 * deployed: the store now offers the node desired state older than what it already applied. The
 * node refuses it — nothing it runs is stopped, not even the application the old store has never
 * heard of — and says so with an event.
 */
class StaleStateRefusedE2E extends AutonomyE2E {

    /** Writes between the backup and the newer desired state: the restored store stays behind that long. */
    private static final int GAP = 300;

    @Test
    void refusesDesiredStateOlderThanWhatItAppliedWithoutStoppingAnything() throws Exception {
        cluster.startServer();
        cluster.agent("n1", "--tier", "gateway").start();
        cluster.await(
                "n1 is Ready", Duration.ofSeconds(60), () -> cluster.node("n1").isReady());
        String ticker = cluster.module("/autonomy/ticker.wasm");
        cluster.apply(manifest("first", ticker));
        cluster.await("first runs on n1", Duration.ofSeconds(60), () -> runs("first"));
        String first = cluster.only("first", "tick").metadata().name();

        cluster.stopServer();
        Path backup = Files.createDirectories(dir.resolve("backup"));
        copyStore(cluster.serverDir(), backup);
        cluster.note("store backed up");
        cluster.startServer();
        for (int i = 0; i < GAP; i++) {
            cluster.client()
                    .create(Event.of(
                            ObjectMeta.named("default", "filler-" + i),
                            new EventSpec(
                                    EventType.NORMAL,
                                    new ObjectReference("Node", null, "n1", null),
                                    "Filler",
                                    "moves the store's revision on",
                                    "test",
                                    1,
                                    Instant.now(),
                                    Instant.now())));
        }
        cluster.note(GAP + " writes to move the revision on");
        cluster.apply(manifest("later", ticker));
        cluster.await("later runs on n1", Duration.ofSeconds(60), () -> runs("later"));
        String later = cluster.only("later", "tick").metadata().name();

        cluster.stopServer();
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Files.deleteIfExists(cluster.serverDir().resolve("state.db" + suffix));
        }
        copyStore(backup, cluster.serverDir());
        cluster.note("store restored from the backup");
        cluster.startServer();
        assertThat(cluster.instances("later", "tick"))
                .as("the restored store has never heard of later")
                .isEmpty();

        cluster.await(
                "n1 refuses the older desired state and says so with an event",
                Duration.ofSeconds(30),
                () -> !cluster.events(StaleDesiredStateException.REASON).isEmpty());
        assertThat(cluster.events(StaleDesiredStateException.REASON)
                        .getFirst()
                        .spec()
                        .message())
                .contains("refusing the desired state at revision")
                .contains("nothing is stopped");
        cluster.holdsFor(
                "nothing n1 runs is stopped: first and later keep ticking",
                Duration.ofSeconds(10),
                () -> cluster.tap().ticking(first, Duration.ofSeconds(1))
                        && cluster.tap().ticking(later, Duration.ofSeconds(1)));
        assertThat(cluster.node("n1").isReady())
                .as("n1 is in touch with the restored control plane")
                .isTrue();
    }

    private boolean runs(String app) {
        var i = cluster.only(app, "tick");
        return AutonomyCluster.running(i) && cluster.tap().ticking(i.metadata().name(), Duration.ofSeconds(1));
    }

    private static String manifest(String name, String ticker) {
        return """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: %s}
                spec:
                  components:
                    - name: tick
                      module: %s
                """.formatted(name, ticker);
    }

    private static void copyStore(Path from, Path to) throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = from.resolve("state.db" + suffix);
            if (Files.exists(f)) {
                Files.copy(f, to.resolve("state.db" + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
