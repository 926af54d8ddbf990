package dev.continuum.cli.autonomy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Follows what every copy of the ticker actually did, from the agents' own log files on disk
 * ({@code <agent data dir>/logs/<namespace>/<instance>.log}): each {@code tick <n>} line with the
 * time the agent stamped on it. A file is opened once and read from its open handle, so what was
 * written before the agent deleted it (an Instance deleted, a copy replaced) is still read. This is
 * the test's evidence of what ran, independent of what any status says.
 *
 * <p>Call {@link #poll()} often (the timeline does); thread-safe.
 */
final class LogTap implements AutoCloseable {

    /** One tick of one copy: which node's disk it was on, the Instance, its number and time. */
    record Tick(String node, String instance, long n, Instant at) {}

    /** One file, by its inode: a file deleted and made again under the same name is another source. */
    private record Source(String node, Path file, Object key) {}

    private final Map<String, Path> agents = new HashMap<>();
    private final Map<Source, InputStream> open = new HashMap<>();
    private final Map<Source, StringBuilder> partial = new HashMap<>();
    private final List<Tick> ticks = new ArrayList<>();

    /** Follows the logs of the agent of {@code node}, whose data folder is {@code dataDir}. */
    synchronized void follow(String node, Path dataDir) {
        agents.put(node, dataDir);
    }

    /** Reads whatever was written since the last poll. */
    synchronized void poll() {
        for (var agent : agents.entrySet()) {
            Path logs = agent.getValue().resolve("logs");
            if (!Files.isDirectory(logs)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(logs)) {
                for (Path file :
                        files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    try {
                        Object key = Files.readAttributes(file, BasicFileAttributes.class)
                                .fileKey();
                        Source source = new Source(agent.getKey(), file, key);
                        if (!open.containsKey(source)) {
                            open.put(source, Files.newInputStream(file));
                        }
                    } catch (IOException e) {
                        // deleted meanwhile
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a file went while listing; the next poll sees the rest
            }
        }
        for (var entry : open.entrySet()) {
            read(entry.getKey(), entry.getValue());
        }
    }

    private void read(Source source, InputStream in) {
        try {
            int available = in.available();
            if (available <= 0) {
                return;
            }
            byte[] bytes = in.readNBytes(available);
            StringBuilder text = partial.computeIfAbsent(source, s -> new StringBuilder());
            text.append(new String(bytes, StandardCharsets.UTF_8));
            int nl;
            while ((nl = text.indexOf("\n")) >= 0) {
                line(source, text.substring(0, nl));
                text.delete(0, nl + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(Source source, String line) {
        // 2026-03-01T10:15:02.120Z stdout tick 5
        String[] parts = line.split(" +", 4);
        if (parts.length < 3 || !parts[1].equals("stdout") || !parts[2].equals("tick")) {
            return;
        }
        String name = source.file().getFileName().toString().replaceFirst("\\.log$", "");
        ticks.add(new Tick(source.node(), name, Long.parseLong(parts[3].strip()), Instant.parse(parts[0])));
    }

    /** Every tick seen so far of the Instances whose names start with {@code prefix}. */
    synchronized List<Tick> ticks(String prefix) {
        poll();
        return ticks.stream().filter(t -> t.instance().startsWith(prefix)).toList();
    }

    /** The newest tick of one copy, if it ever ticked. */
    synchronized Instant lastTick(String instance) {
        poll();
        return ticks.stream()
                .filter(t -> t.instance().equals(instance))
                .map(Tick::at)
                .max(Instant::compareTo)
                .orElse(Instant.MIN);
    }

    /** True when the copy ticked within {@code within} of now. */
    boolean ticking(String instance, Duration within) {
        return lastTick(instance).isAfter(Instant.now().minus(within));
    }

    /** True when the copy ticked within {@code within} of now in the logs of the agent followed as {@code node}. */
    synchronized boolean tickingOn(String node, String instance, Duration within) {
        poll();
        Instant since = Instant.now().minus(within);
        return ticks.stream()
                .anyMatch(t -> t.node().equals(node) && t.instance().equals(instance) && t.at().isAfter(since));
    }

    /** How many times the copy started ("tick 1") since {@code since}. */
    synchronized long startsSince(String instance, Instant since) {
        poll();
        return ticks.stream()
                .filter(t -> t.instance().equals(instance) && t.n() == 1 && !t.at().isBefore(since))
                .count();
    }

    /**
     * The periods in which one copy ran, as its log proves it: ticks no more than {@code gap} apart
     * form one run, from its first tick to its last. (A copy may have lived a little longer than its
     * last tick, but nothing shows that it still ran.)
     */
    static List<Run> runs(List<Tick> ticks, Duration gap) {
        Map<String, List<Tick>> byCopy = new HashMap<>();
        for (Tick t : ticks) {
            byCopy.computeIfAbsent(t.node() + "/" + t.instance(), k -> new ArrayList<>())
                    .add(t);
        }
        List<Run> runs = new ArrayList<>();
        for (var copy : byCopy.entrySet()) {
            List<Tick> sorted = copy.getValue().stream()
                    .sorted((a, b) -> a.at().compareTo(b.at()))
                    .toList();
            Instant start = sorted.getFirst().at();
            Instant last = start;
            for (Tick t : sorted.subList(1, sorted.size())) {
                if (Duration.between(last, t.at()).compareTo(gap) > 0) {
                    runs.add(new Run(copy.getKey(), start, last));
                    start = t.at();
                }
                last = t.at();
            }
            runs.add(new Run(copy.getKey(), start, last));
        }
        return runs;
    }

    /** A period in which one copy ran. */
    record Run(String copy, Instant from, Instant to) {
        boolean overlaps(Run other) {
            return !from.isAfter(other.to) && !other.from.isAfter(to);
        }
    }

    @Override
    public synchronized void close() {
        for (InputStream in : open.values()) {
            try {
                in.close();
            } catch (IOException e) {
                // closing
            }
        }
        open.clear();
    }
}
