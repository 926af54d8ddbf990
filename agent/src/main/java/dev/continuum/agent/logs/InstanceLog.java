package dev.continuum.agent.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The log of one Instance: every line its runs and its function requests write to stdout or stderr,
 * and the agent's own notes about it (start, exit, restart), each time-stamped:
 *
 * <pre>
 * 2026-03-01T10:15:02.120Z stdout hello from the service
 * 2026-03-01T10:15:02.121Z agent  exited with code 3; restarting in 2s
 * </pre>
 *
 * Kept twice: a bounded ring in memory (the newest {@code ringBytes}), which {@link #tail} and
 * {@link #linesAfter} read, and a size-capped file that rotates once ({@link RotatingLogFile}).
 * Reopening a log primes the ring from its file, so logs survive an agent restart.
 *
 * <p>Thread-safe. Every line gets a sequence number; a follower asks for the lines after the last
 * one it saw and {@link #awaitAfter waits} for more.
 */
public final class InstanceLog implements AutoCloseable {

    /** The stream name of the agent's own notes. */
    public static final String AGENT = "agent";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final Clock clock;
    private final long ringBytes;
    private final RotatingLogFile file;
    private final ArrayDeque<Line> ring = new ArrayDeque<>();
    private long ringSize;
    private long nextSeq = 1;
    private boolean closed;

    /** One stored line and its sequence number. */
    public record Line(long seq, String text) {}

    /**
     * Opens (or reopens) a log.
     *
     * @param file where the log is kept; its folder is created
     * @param ringBytes how much of the newest output stays in memory
     * @param fileBytes the size at which the file rotates
     */
    public InstanceLog(Path file, long ringBytes, long fileBytes, Clock clock) throws IOException {
        this.clock = clock;
        this.ringBytes = ringBytes;
        this.file = new RotatingLogFile(file, fileBytes);
        for (String line : this.file.readTail(ringBytes)) {
            remember(line);
        }
    }

    /** An output stream that turns what is written into lines of {@code stream}; close it to flush a last partial line. */
    public OutputStream stream(String stream) {
        return new LineSplittingStream(this, stream);
    }

    /** Appends one line of {@code stream} (a line break inside {@code text} starts another line). */
    public void append(String stream, String text) {
        String stamp = TIME.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String prefix = stamp + " " + pad(stream) + " ";
        synchronized (this) {
            if (closed) {
                return;
            }
            for (String part : text.split("\n", -1)) {
                if (part.isEmpty() && text.endsWith("\n")) {
                    continue;
                }
                String line = prefix + part.replace("\r", "");
                file.write(line);
                remember(line);
            }
            notifyAll();
        }
    }

    private static String pad(String stream) {
        return stream.length() >= 6 ? stream : stream + " ".repeat(6 - stream.length());
    }

    private void remember(String line) {
        long size = line.getBytes(StandardCharsets.UTF_8).length + 1L;
        ring.addLast(new Line(nextSeq++, line));
        ringSize += size;
        while (ringSize > ringBytes && ring.size() > 1) {
            Line dropped = ring.removeFirst();
            ringSize -= dropped.text().getBytes(StandardCharsets.UTF_8).length + 1L;
        }
    }

    /** The newest {@code count} lines in memory (all of them when {@code count} is negative), oldest first. */
    public synchronized List<Line> tail(int count) {
        int skip = count < 0 ? 0 : Math.max(0, ring.size() - count);
        var out = new ArrayList<Line>(ring.size() - skip);
        int i = 0;
        for (Line line : ring) {
            if (i++ >= skip) {
                out.add(line);
            }
        }
        return out;
    }

    /** The lines in memory whose sequence number is greater than {@code seq}, oldest first. */
    public synchronized List<Line> linesAfter(long seq) {
        var out = new ArrayList<Line>();
        for (Line line : ring) {
            if (line.seq() > seq) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * Waits until a line after {@code seq} exists, the log is closed, or {@code timeout} passes.
     *
     * @return the new lines, possibly none
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized List<Line> awaitAfter(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed && nextSeq - 1 <= seq) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return linesAfter(seq);
    }

    /** True once the log was closed: no more lines will come. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** The time the log's clock says it is; for notes. */
    public Instant now() {
        return clock.instant();
    }

    /** Stops taking lines, closes the file and wakes every follower. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            file.close();
            notifyAll();
        }
    }

    /** Closes the log and deletes its files: the Instance is gone. */
    public synchronized void delete() {
        close();
        file.delete();
    }

    /** Splits written bytes into lines; a line longer than {@link #MAX_LINE} is cut into several. */
    private static final class LineSplittingStream extends OutputStream {
        static final int MAX_LINE = 16 * 1024;
        private final InstanceLog log;
        private final String stream;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        LineSplittingStream(InstanceLog log, String stream) {
            this.log = log;
            this.stream = stream;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                pending.write(b);
                if (pending.size() >= MAX_LINE) {
                    emit();
                }
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    pending.write(b, start, i - start);
                    emit();
                    start = i + 1;
                } else if (pending.size() + (i - start) >= MAX_LINE) {
                    pending.write(b, start, i - start);
                    emit();
                    start = i;
                }
            }
            pending.write(b, start, end - start);
        }

        private void emit() {
            log.append(stream, pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }

        @Override
        public synchronized void close() {
            if (pending.size() > 0) {
                emit();
            }
        }
    }
}
