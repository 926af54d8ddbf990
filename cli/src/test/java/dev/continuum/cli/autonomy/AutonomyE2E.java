package dev.continuum.cli.autonomy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What every autonomy end-to-end test has: a cluster of real processes in its own folder, stopped after it. */
abstract class AutonomyE2E {
    @TempDir
    Path dir;

    AutonomyCluster cluster;

    @BeforeEach
    void newCluster() {
        cluster = new AutonomyCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
