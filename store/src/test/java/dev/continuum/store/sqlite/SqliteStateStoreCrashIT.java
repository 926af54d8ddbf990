package dev.continuum.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing JVM with SIGKILL and checks that every write it acknowledged is still there. */
class SqliteStateStoreCrashIT {

    @TempDir
    Path dir;

    /** The writer: creates keys forever, printing each one after create() returned. */
    public static final class Writer {
        public static void main(String[] args) {
            SqliteStateStore store = SqliteStateStore.open(Path.of(args[0]));
            for (int i = 0; ; i++) {
                store.create("/crash/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
                System.out.println("ack " + i);
                System.out.flush();
            }
        }
    }

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Path db = dir.resolve("crash.db");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Writer.class.getName(),
                        db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Integer> acked = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && acked.size() < 300) {
                if (line.startsWith("ack ")) {
                    acked.add(Integer.parseInt(line.substring(4)));
                }
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            p.waitFor();
        }
        assertThat(acked).hasSize(300);
        try (SqliteStateStore reopened = SqliteStateStore.open(db)) {
            for (int i : acked) {
                assertThat(reopened.get("/crash/" + i))
                        .as("acknowledged key %d", i)
                        .isPresent();
            }
            assertThat(reopened.revision()).isGreaterThanOrEqualTo(300);
        }
    }
}
