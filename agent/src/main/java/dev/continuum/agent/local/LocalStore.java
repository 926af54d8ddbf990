package dev.continuum.agent.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable memory: one SQLite file ({@code <data dir>/local/agent.db}) in WAL mode with
 * synchronous commits, so that what a transaction wrote survives a crash or a power cut once it
 * returns. It holds everything the agent needs to run its Instances with no control plane: the
 * Instances bound to the node (desired state, last known status, module digest), the module blobs,
 * the highest revision applied, the fences, the last contact with the control plane, and the
 * statuses and offline history still to be delivered. {@link LocalInstances}, {@code ModuleCache},
 * {@code DurableStatusOutbox} and {@code Contact} each own their tables.
 *
 * <p>Opening never leaves the agent in a crash loop: a file that is not a database, fails SQLite's
 * integrity check or has a schema this agent does not know is moved aside (to
 * {@code agent.db.corrupt-<millis>}, the newest three kept) and a fresh store is created; the agent
 * then learns its Instances from the control plane again. {@link #recovery()} says what happened,
 * for the log and the Node's event. Only a folder where not even a fresh store can be made is an
 * error ({@link LocalStoreException}).
 *
 * <p>Thread-safe: one connection, one transaction at a time.
 */
public final class LocalStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStore.class);
    /** The schema this agent writes; a store with another one is moved aside. */
    static final int SCHEMA = 1;

    private static final int KEPT_CORRUPT_COPIES = 3;

    private static final String[] TABLES = {
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS instances (namespace TEXT NOT NULL, name TEXT NOT NULL, uid TEXT,"
                + " epoch INTEGER NOT NULL, version INTEGER NOT NULL, object BLOB NOT NULL, status BLOB,"
                + " digest TEXT, cut_off INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (namespace, name))",
        "CREATE TABLE IF NOT EXISTS fences (namespace TEXT NOT NULL, lineage TEXT NOT NULL,"
                + " epoch INTEGER NOT NULL, PRIMARY KEY (namespace, lineage))",
        "CREATE TABLE IF NOT EXISTS modules (digest TEXT PRIMARY KEY, bytes BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS module_sources (url TEXT PRIMARY KEY, digest TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS outbox (namespace TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL,"
                + " uid TEXT, epoch INTEGER NOT NULL, status BLOB NOT NULL, PRIMARY KEY (namespace, name))",
        "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace TEXT, name TEXT,"
                + " uid TEXT, first_at TEXT NOT NULL, last_at TEXT NOT NULL, count INTEGER NOT NULL,"
                + " text TEXT NOT NULL)"
    };

    /** One unit of work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final Recovery recovery;
    private boolean closed;

    private LocalStore(Path file, Connection connection, Recovery recovery) {
        this.file = file;
        this.connection = connection;
        this.recovery = recovery;
    }

    /**
     * Opens the store in {@code file}, creating it (and its folder) if needed, and recovering from a
     * corrupt or foreign one as the class comment says.
     *
     * @throws LocalStoreException when not even a fresh store can be created there
     */
    public static LocalStore open(Path file, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new LocalStoreException(
                    "cannot create the folder of the agent's local store " + file + ": " + e.getMessage()
                            + " (choose another --data-dir)",
                    e);
        }
        try {
            return new LocalStore(file, connect(file), null);
        } catch (SQLException | LocalStoreException e) {
            String problem = e.getMessage();
            Path moved = moveAside(file, clock);
            LOG.error(
                    "the agent's local store {} is unusable ({}); moved it to {} and starting with an empty one:"
                            + " Instances come back from the control plane",
                    file,
                    problem,
                    moved);
            try {
                return new LocalStore(file, connect(file), new Recovery(problem, moved, clock.instant()));
            } catch (SQLException again) {
                throw new LocalStoreException(
                        "cannot create the agent's local store " + file + ": " + again.getMessage()
                                + " (check the disk, or choose another --data-dir)",
                        again);
            }
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("SQLite's integrity check failed: " + verdict);
                }
            }
            for (String table : TABLES) {
                s.execute(table);
            }
            s.execute("INSERT OR IGNORE INTO meta VALUES ('schema', '" + SCHEMA + "')");
            String schema = meta(c, "schema").orElse("");
            if (!Integer.toString(SCHEMA).equals(schema)) {
                throw new SQLException("schema " + schema + " is not the schema " + SCHEMA + " this agent writes");
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing what failed to open
            }
            throw e;
        }
    }

    /** Moves the store's files aside and returns where the main file went (null when there was none). */
    private static Path moveAside(Path file, Clock clock) {
        Path target = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
        Path moved = null;
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Path from = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(from)) {
                try {
                    Path to = target.resolveSibling(target.getFileName() + suffix);
                    Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
                    if (suffix.isEmpty()) {
                        moved = to;
                    }
                } catch (IOException e) {
                    LOG.warn("cannot move {} aside: {}; deleting it", from, e.toString());
                    try {
                        Files.deleteIfExists(from);
                    } catch (IOException again) {
                        LOG.warn("cannot delete {}: {}", from, again.toString());
                    }
                }
            }
        }
        pruneCorruptCopies(file);
        return moved;
    }

    private static void pruneCorruptCopies(Path file) {
        String prefix = file.getFileName() + ".corrupt-";
        try (var listing = Files.list(file.toAbsolutePath().getParent())) {
            var copies = listing.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().matches(".*\\.corrupt-\\d+"))
                    .sorted((a, b) ->
                            b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .toList();
            for (Path old : copies.subList(Math.min(KEPT_CORRUPT_COPIES, copies.size()), copies.size())) {
                for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                    Files.deleteIfExists(old.resolveSibling(old.getFileName() + suffix));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot prune old copies of {}: {}", file, e.toString());
        }
    }

    /** What was wrong with the store found at open, if anything. */
    public Optional<Recovery> recovery() {
        return Optional.ofNullable(recovery);
    }

    public Path file() {
        return file;
    }

    /**
     * Runs {@code work} in one transaction and commits it: when this returns, what it wrote is on
     * disk. A failure rolls back.
     *
     * @throws LocalStoreException on any SQL failure, naming the file
     */
    public synchronized <T> T transaction(Work<T> work) {
        if (closed) {
            throw new LocalStoreException("the agent's local store " + file + " is closed", null);
        }
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof LocalStoreException l) {
                throw l;
            }
            throw new LocalStoreException("the agent's local store " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** A value of the {@code meta} table. */
    static Optional<String> meta(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets a value of the {@code meta} table. */
    static void meta(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** Reads a value of the {@code meta} table in a transaction of its own. */
    public Optional<String> meta(String name) {
        return transaction(c -> meta(c, name));
    }

    /** Writes a value of the {@code meta} table in a transaction of its own. */
    public void meta(String name, String value) {
        transaction(c -> {
            meta(c, name, value);
            return null;
        });
    }

    /** Closes the connection; later transactions fail. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the agent's local store {} failed: {}", file, e.toString());
        }
    }

    @Override
    public String toString() {
        return "LocalStore[" + file + "]";
    }
}
