package dev.continuum.store.sqlite;

import dev.continuum.store.KeyValue;
import dev.continuum.store.Listing;
import dev.continuum.store.StateStore;
import dev.continuum.store.StoreException;
import dev.continuum.store.Watch;
import dev.continuum.store.WatchEvent;
import dev.continuum.store.WatchListener;
import dev.continuum.store.WatchStart;
import dev.continuum.store.WriteResult;
import dev.continuum.store.WriteResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} in one SQLite file: WAL journal, {@code synchronous=FULL} so that a write is
 * on disk when it returns, one writer connection serialised by a lock (SQLite has one writer
 * anyway) and a small pool of reader connections that WAL lets run beside it.
 *
 * <p>Tables: {@code kv} (current values), {@code history} (one row per revision, the source of
 * watch replays), {@code meta} (the current and the compacted revision). History beyond
 * {@link Options#historyLimit()} revisions is compacted automatically.
 *
 * <p>Live watch events are handed to watchers while the write lock is held, right after the
 * commit, which is what keeps every watcher's stream in revision order and gap-free.
 */
public final class SqliteStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStateStore.class);
    private static final String UPPER = "\uFFFF";

    /**
     * @param historyLimit revisions of history kept for watch replays
     * @param readers reader connections
     * @param maxWatchBacklog events a watcher may fall behind before it is cancelled
     */
    public record Options(long historyLimit, int readers, int maxWatchBacklog) {
        public static Options defaults() {
            return new Options(50_000, 4, 100_000);
        }
    }

    private final Path file;
    private final Options options;
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private volatile long revision;
    private volatile long compacted;
    private volatile boolean closed;
    private long writesSinceCompaction;

    private SqliteStateStore(Path file, Options options) throws SQLException {
        this.file = file;
        this.options = options;
        this.writer = connect(file);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            checkIntegrity(s);
            s.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL,"
                    + " create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS history (rev INTEGER PRIMARY KEY, key TEXT NOT NULL,"
                    + " type INTEGER NOT NULL, value BLOB NOT NULL, create_rev INTEGER NOT NULL,"
                    + " mod_rev INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta VALUES ('revision', 0), ('compacted', 0)");
        }
        writer.setAutoCommit(false);
        revision = meta(writer, "revision");
        compacted = meta(writer, "compacted");
        writer.commit();
        readers = new ArrayBlockingQueue<>(options.readers());
        for (int i = 0; i < options.readers(); i++) {
            Connection c = connect(file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only=1");
            }
            allReaders.add(c);
            readers.add(c);
        }
    }

    /**
     * Opens (creating if needed) the store in {@code file}.
     *
     * @throws StoreException when the file cannot be opened or fails SQLite's integrity check; the
     *     message names the file
     */
    public static SqliteStateStore open(Path file) {
        return open(file, Options.defaults());
    }

    public static SqliteStateStore open(Path file, Options options) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new SqliteStateStore(file, options);
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    private void checkIntegrity(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new SQLException("integrity check failed: " + verdict);
            }
        }
    }

    private static long meta(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public Path file() {
        return file;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<KeyValue> get(String key) {
        return read(c -> select(c, key));
    }

    @Override
    public Listing list(String prefix) {
        return read(c -> {
            c.setAutoCommit(false);
            try {
                long rev = meta(c, "revision");
                List<KeyValue> items = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT key, value, create_rev, mod_rev FROM kv"
                        + " WHERE key >= ? AND key < ? ORDER BY key")) {
                    ps.setString(1, prefix);
                    ps.setString(2, prefix + UPPER);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(new KeyValue(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getLong(4)));
                        }
                    }
                }
                return new Listing(List.copyOf(items), rev);
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public long compactedRevision() {
        return compacted;
    }

    private interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(SqlFunction<T> fn) {
        ensureOpen();
        Connection c;
        try {
            c = readers.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a reader of " + file);
        }
        if (c == null) {
            throw new StoreException("no reader of " + file + " became free within 30 s");
        }
        try {
            return fn.apply(c);
        } catch (SQLException e) {
            throw new StoreException("read from " + file + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private static Optional<KeyValue> select(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value, create_rev, mod_rev FROM kv WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new KeyValue(key, rs.getBytes(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    // ---------------------------------------------------------------- writes

    private enum Op {
        CREATE,
        UPDATE,
        DELETE
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        return write(Op.CREATE, key, value, 0);
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        return write(Op.UPDATE, key, value, expectedModRevision);
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        return write(Op.DELETE, key, null, expectedModRevision);
    }

    private WriteResult write(Op op, String key, byte[] value, long expected) {
        ensureOpen();
        writeLock.lock();
        try {
            Optional<KeyValue> current = select(writer, key);
            if (op == Op.CREATE && current.isPresent()) {
                writer.rollback();
                return new WriteResult(Outcome.ALREADY_EXISTS, current.get(), revision);
            }
            if (op != Op.CREATE && current.isEmpty()) {
                writer.rollback();
                return new WriteResult(Outcome.NOT_FOUND, null, revision);
            }
            if (op != Op.CREATE && expected != 0 && current.get().modRevision() != expected) {
                writer.rollback();
                return new WriteResult(Outcome.CONFLICT, current.get(), revision);
            }
            long rev = revision + 1;
            KeyValue written;
            WatchEvent event;
            if (op == Op.DELETE) {
                KeyValue old = current.get();
                try (PreparedStatement ps = writer.prepareStatement("DELETE FROM kv WHERE key = ?")) {
                    ps.setString(1, key);
                    ps.executeUpdate();
                }
                written = old;
                event = new WatchEvent(WatchEvent.Type.DELETE, old, rev);
            } else {
                long createRev = current.map(KeyValue::createRevision).orElse(rev);
                try (PreparedStatement ps = writer.prepareStatement(
                        "INSERT OR REPLACE INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, key);
                    ps.setBytes(2, value);
                    ps.setLong(3, createRev);
                    ps.setLong(4, rev);
                    ps.executeUpdate();
                }
                written = new KeyValue(key, value, createRev, rev);
                event = new WatchEvent(WatchEvent.Type.PUT, written, rev);
            }
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT INTO history (rev, key, type, value, create_rev, mod_rev) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, rev);
                ps.setString(2, key);
                ps.setInt(3, event.type().ordinal());
                ps.setBytes(4, event.kv().value());
                ps.setLong(5, event.kv().createRevision());
                ps.setLong(6, event.kv().modRevision());
                ps.executeUpdate();
            }
            setMeta("revision", rev);
            writer.commit();
            revision = rev;
            for (Watcher w : watchers) {
                w.offer(event);
            }
            if (++writesSinceCompaction >= 1_000) {
                writesSinceCompaction = 0;
                compactLocked(rev - options.historyLimit());
            }
            return new WriteResult(Outcome.OK, written, rev);
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StoreException("write of " + key + " to " + file + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void setMeta(String name, long value) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("UPDATE meta SET value = ? WHERE name = ?")) {
            ps.setLong(1, value);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    @Override
    public void compact(long upTo) {
        ensureOpen();
        writeLock.lock();
        try {
            compactLocked(upTo);
        } catch (SQLException e) {
            throw new StoreException("compaction of " + file + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void compactLocked(long upTo) throws SQLException {
        long target = Math.min(upTo, revision);
        if (target <= compacted) {
            return;
        }
        try (PreparedStatement ps = writer.prepareStatement("DELETE FROM history WHERE rev <= ?")) {
            ps.setLong(1, target);
            ps.executeUpdate();
        }
        setMeta("compacted", target);
        writer.commit();
        compacted = target;
    }

    // ---------------------------------------------------------------- watch

    @Override
    public WatchStart watch(String prefix, long afterRevision, WatchListener listener) {
        ensureOpen();
        writeLock.lock();
        try {
            if (afterRevision < compacted) {
                return new WatchStart.TooOld(afterRevision, compacted);
            }
            Watcher w = new Watcher(prefix, listener);
            // Holding the write lock: no commit can slip between the replay and the registration.
            try (PreparedStatement ps = writer.prepareStatement("SELECT rev, key, type, value, create_rev, mod_rev"
                    + " FROM history WHERE rev > ? AND key >= ? AND key < ? ORDER BY rev")) {
                ps.setLong(1, afterRevision);
                ps.setString(2, prefix);
                ps.setString(3, prefix + UPPER);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        KeyValue kv = new KeyValue(rs.getString(2), rs.getBytes(4), rs.getLong(5), rs.getLong(6));
                        w.replay(new WatchEvent(WatchEvent.Type.values()[rs.getInt(3)], kv, rs.getLong(1)));
                    }
                }
            }
            writer.commit();
            w.startLive();
            watchers.add(w);
            w.start();
            return new WatchStart.Started(w);
        } catch (SQLException e) {
            throw new StoreException("watch of " + prefix + " on " + file + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private final class Watcher implements Watch {
        private final String prefix;
        private final WatchListener listener;
        private final BlockingQueue<WatchEvent> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile boolean done;
        private volatile String cancelReason;
        private Thread thread;
        private long backlogLimit;

        Watcher(String prefix, WatchListener listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        /** Live events may pile up this far beyond the replayed history before the watcher is cancelled. */
        void startLive() {
            backlogLimit = queue.size() + options.maxWatchBacklog();
        }

        /** History delivered at start: as long as the watcher asked for, never counted as falling behind. */
        void replay(WatchEvent event) {
            queue.add(event);
        }

        /** A live event; a watcher this far behind is cancelled and must relist. */
        void offer(WatchEvent event) {
            if (done || !event.kv().key().startsWith(prefix)) {
                return;
            }
            if (queue.size() >= backlogLimit) {
                cancel("the watcher fell more than " + options.maxWatchBacklog() + " events behind");
                return;
            }
            queue.add(event);
        }

        void start() {
            thread = Thread.ofVirtual().name("watch " + prefix).start(this::deliver);
        }

        private void deliver() {
            while (!done) {
                WatchEvent e;
                try {
                    e = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    break;
                }
                if (e == null || done) {
                    continue;
                }
                try {
                    listener.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.warn("watch listener on {} failed at revision {}", prefix, e.revision(), ex);
                }
            }
            if (cancelReason != null) {
                listener.onCancelled(cancelReason);
            }
        }

        void cancel(String reason) {
            cancelReason = reason;
            stop();
        }

        private void stop() {
            done = true;
            watchers.remove(this);
            queue.clear();
            if (thread == null && cancelReason != null) {
                listener.onCancelled(cancelReason);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("store " + file + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        writeLock.lock();
        try {
            closed = true;
            for (Watcher w : watchers) {
                w.cancel("the store closed");
            }
            for (Connection c : allReaders) {
                closeQuietly(c);
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}
