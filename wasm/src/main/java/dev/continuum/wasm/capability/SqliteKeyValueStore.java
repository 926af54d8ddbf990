package dev.continuum.wasm.capability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A {@link KeyValueStore} in one SQLite file (WAL, synchronous commits): table
 * {@code kv(bucket, key, value)}. One connection guarded by this object's monitor; fine for the
 * small, frequent reads and writes of functions. Close it when the agent stops.
 */
public final class SqliteKeyValueStore implements KeyValueStore, AutoCloseable {
    private final Connection connection;

    public SqliteKeyValueStore(Path file) {
        try {
            this.connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("CREATE TABLE IF NOT EXISTS kv (bucket TEXT NOT NULL, key TEXT NOT NULL, "
                        + "value BLOB NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID");
            }
        } catch (SQLException e) {
            throw new KeyValueException("cannot open the key-value store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<byte[]> get(String bucket, String key) {
        try (var query = connection.prepareStatement("SELECT value FROM kv WHERE bucket = ? AND key = ?")) {
            query.setString(1, bucket);
            query.setString(2, key);
            try (var rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new KeyValueException("reading " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void put(String bucket, String key, byte[] value) {
        try (var upsert = connection.prepareStatement("INSERT INTO kv (bucket, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (bucket, key) DO UPDATE SET value = excluded.value")) {
            upsert.setString(1, bucket);
            upsert.setString(2, key);
            upsert.setBytes(3, value);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new KeyValueException("writing " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean delete(String bucket, String key) {
        try (var delete = connection.prepareStatement("DELETE FROM kv WHERE bucket = ? AND key = ?")) {
            delete.setString(1, bucket);
            delete.setString(2, key);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new KeyValueException("deleting " + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new KeyValueException("closing the key-value store failed: " + e.getMessage(), e);
        }
    }
}
