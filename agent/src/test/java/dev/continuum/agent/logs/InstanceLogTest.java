package dev.continuum.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:02.120Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static List<String> texts(List<InstanceLog.Line> lines) {
        return lines.stream().map(InstanceLog.Line::text).toList();
    }

    @Test
    void splitsOutputIntoTimeStampedLinesPerStream() throws IOException {
        try (var log = new InstanceLog(dir.resolve("a.log"), 1 << 20, 1 << 20, CLOCK)) {
            try (OutputStream out = log.stream("stdout")) {
                out.write("one\ntw".getBytes(StandardCharsets.UTF_8));
                out.write("o\nthree".getBytes(StandardCharsets.UTF_8));
            }
            log.append(InstanceLog.AGENT, "exited with code 0");

            assertThat(texts(log.tail(-1)))
                    .containsExactly(
                            "2026-03-01T10:15:02.120Z stdout one",
                            "2026-03-01T10:15:02.120Z stdout two",
                            "2026-03-01T10:15:02.120Z stdout three",
                            "2026-03-01T10:15:02.120Z agent  exited with code 0");
        }
    }

    @Test
    void tailReturnsTheNewestLines() throws IOException {
        try (var log = new InstanceLog(dir.resolve("a.log"), 1 << 20, 1 << 20, CLOCK)) {
            for (int i = 1; i <= 5; i++) {
                log.append("stdout", "line " + i);
            }

            assertThat(texts(log.tail(2))).allMatch(t -> t.endsWith("line 4") || t.endsWith("line 5"));
            assertThat(log.tail(0)).isEmpty();
            assertThat(log.tail(10)).hasSize(5);
        }
    }

    @Test
    void theRingKeepsOnlyTheNewestBytesWhileTheFileKeepsMore() throws IOException {
        Path file = dir.resolve("a.log");
        try (var log = new InstanceLog(file, 400, 1 << 20, CLOCK)) {
            for (int i = 1; i <= 100; i++) {
                log.append("stdout", "line " + i);
            }

            List<String> kept = texts(log.tail(-1));
            assertThat(kept).hasSizeLessThan(20).last().asString().endsWith("line 100");
            assertThat(Files.readAllLines(file)).hasSize(100);
        }
    }

    @Test
    void theFileRotatesAtItsCapKeepingOnePreviousFile() throws IOException {
        Path file = dir.resolve("a.log");
        try (var log = new InstanceLog(file, 1 << 20, 1000, CLOCK)) {
            for (int i = 1; i <= 100; i++) {
                log.append("stdout", "line " + i);
            }
        }

        assertThat(Files.size(file)).isLessThanOrEqualTo(1000);
        assertThat(Files.size(dir.resolve("a.log.1"))).isLessThanOrEqualTo(1000);
        assertThat(Files.readAllLines(file).getLast()).endsWith("line 100");
    }

    @Test
    void reopeningALogPrimesItFromItsFile() throws IOException {
        Path file = dir.resolve("a.log");
        try (var log = new InstanceLog(file, 1 << 20, 1 << 20, CLOCK)) {
            log.append("stdout", "before the restart");
        }
        try (var log = new InstanceLog(file, 1 << 20, 1 << 20, CLOCK)) {
            log.append("stdout", "after the restart");

            assertThat(texts(log.tail(-1)))
                    .containsExactly(
                            "2026-03-01T10:15:02.120Z stdout before the restart",
                            "2026-03-01T10:15:02.120Z stdout after the restart");
        }
    }

    @Test
    void aFollowerWaitingForLinesIsWokenByTheNextOne() throws Exception {
        try (var log = new InstanceLog(dir.resolve("a.log"), 1 << 20, 1 << 20, CLOCK)) {
            log.append("stdout", "first");
            long seen = log.tail(-1).getLast().seq();

            var waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return log.awaitAfter(seen, Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            log.append("stdout", "second");

            assertThat(texts(waiting.get())).containsExactly("2026-03-01T10:15:02.120Z stdout second");
        }
    }

    @Test
    void deletingALogRemovesItsFilesAndEndsFollowers() throws IOException {
        Path file = dir.resolve("a.log");
        var log = new InstanceLog(file, 1 << 20, 100, CLOCK);
        for (int i = 0; i < 10; i++) {
            log.append("stdout", "line " + i);
        }

        log.delete();

        assertThat(log.isClosed()).isTrue();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("a.log.1")).doesNotExist();
    }

    @Test
    void cutsOverlongLinesIntoSeveral() throws IOException {
        try (var log = new InstanceLog(dir.resolve("a.log"), 1 << 20, 1 << 20, CLOCK)) {
            try (OutputStream out = log.stream("stdout")) {
                out.write("x".repeat(40_000).getBytes(StandardCharsets.UTF_8));
            }

            assertThat(log.tail(-1)).hasSize(3);
        }
    }
}
