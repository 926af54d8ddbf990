package dev.continuum.agent.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logs of this node's Instances, by {@code namespace/name}, under {@code <dir>/<namespace>/<name>.log}.
 * Thread-safe.
 */
public final class InstanceLogs implements AutoCloseable {

    /** The newest output of each Instance kept in memory. */
    public static final long RING_BYTES = 1L << 20;
    /** The size at which an Instance's log file rotates (two files are kept). */
    public static final long FILE_BYTES = 8L << 20;

    private final Path dir;
    private final Clock clock;
    private final ConcurrentHashMap<String, InstanceLog> logs = new ConcurrentHashMap<>();

    public InstanceLogs(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The log of an Instance, opened (and primed from its file) on first use. */
    public InstanceLog open(String namespace, String name) {
        return logs.computeIfAbsent(key(namespace, name), k -> {
            try {
                return new InstanceLog(dir.resolve(namespace).resolve(name + ".log"), RING_BYTES, FILE_BYTES, clock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the log of Instance " + k + " under " + dir, e);
            }
        });
    }

    /** The log of an Instance this agent runs or ran, if it has one open. */
    public Optional<InstanceLog> find(String namespace, String name) {
        return Optional.ofNullable(logs.get(key(namespace, name)));
    }

    /** Closes an Instance's log and deletes its files: the Instance was deleted. */
    public void delete(String namespace, String name) {
        InstanceLog log = logs.remove(key(namespace, name));
        if (log != null) {
            log.delete();
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Closes every log (their files stay). */
    @Override
    public void close() {
        logs.values().forEach(InstanceLog::close);
        logs.clear();
    }
}
