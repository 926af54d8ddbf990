package dev.continuum.agent.logs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log file that rotates once it reaches {@code maxBytes}: {@code name.log} becomes
 * {@code name.log.1} (replacing the older one), so at most twice {@code maxBytes} stay on disk.
 * A failing disk never stops the workload: write errors are logged once and the line is dropped
 * from the file (the in-memory ring still has it). Not thread-safe; {@link InstanceLog} serializes.
 */
final class RotatingLogFile {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingLogFile.class);

    private final Path path;
    private final Path previous;
    private final long maxBytes;
    private BufferedWriter writer;
    private long size;
    private boolean failed;

    RotatingLogFile(Path path, long maxBytes) throws IOException {
        this.path = path;
        this.previous = path.resolveSibling(path.getFileName() + ".1");
        this.maxBytes = maxBytes;
        Files.createDirectories(path.getParent());
        open();
    }

    private void open() throws IOException {
        writer = Files.newBufferedWriter(
                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    void write(String line) {
        if (writer == null) {
            return;
        }
        try {
            long bytes = line.getBytes(StandardCharsets.UTF_8).length + 1L;
            if (size + bytes > maxBytes && size > 0) {
                rotate();
            }
            writer.write(line);
            writer.write('\n');
            writer.flush();
            size += bytes;
            failed = false;
        } catch (IOException e) {
            if (!failed) {
                LOG.warn("cannot write log file {}: {}; lines stay in memory only", path, e.toString());
                failed = true;
            }
        }
    }

    private void rotate() throws IOException {
        writer.close();
        Files.move(path, previous, StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    /** The last lines of the previous and the current file, at most {@code bytes} of them, oldest first. */
    List<String> readTail(long bytes) throws IOException {
        var lines = new ArrayList<String>();
        long current = Files.exists(path) ? Files.size(path) : 0;
        if (current < bytes && Files.exists(previous)) {
            lines.addAll(tailOf(previous, bytes - current));
        }
        lines.addAll(tailOf(path, bytes));
        return lines;
    }

    private static List<String> tailOf(Path file, long bytes) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - bytes);
            byte[] buffer = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(buffer);
            String text = new String(buffer, StandardCharsets.UTF_8);
            if (start > 0) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1);
            }
            var out = new ArrayList<String>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        }
    }

    void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.debug("closing {}", path, e);
            }
            writer = null;
        }
    }

    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(previous);
        } catch (IOException e) {
            LOG.warn("cannot delete log file {}: {}", path, e.toString());
        }
    }
}
