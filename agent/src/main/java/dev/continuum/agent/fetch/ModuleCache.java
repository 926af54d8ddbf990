package dev.continuum.agent.fetch;

import dev.continuum.agent.local.LocalStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module blobs by digest in the agent's {@link LocalStore}, so that an Instance starts again without
 * its module's source — after an agent restart, or offline. A blob is written in one transaction
 * (never half of one), and checked against its digest whenever it is read: a corrupt one is removed
 * and reported as absent. It also remembers which digest each URL last gave, so that a module that
 * is not pinned still starts from the store while its source is unreachable. Blobs no remembered
 * Instance uses are removed with the last Instance that used them. Failures to write are logged,
 * not thrown: the node runs on, it only could not remember. Thread-safe.
 */
public final class ModuleCache {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleCache.class);

    private final LocalStore store;

    public ModuleCache(LocalStore store) {
        this.store = store;
    }

    /** {@code sha256:<64 lowercase hex digits>} of {@code bytes}. */
    public static String digestOf(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The stored bytes of a digest, when present and intact. */
    public Optional<byte[]> get(String digest) {
        if (!valid(digest)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = store.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT bytes FROM modules WHERE digest = ?")) {
                    ps.setString(1, digest);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
            });
            if (bytes == null) {
                return Optional.empty();
            }
            if (digestOf(bytes).equals(digest)) {
                return Optional.of(bytes);
            }
            LOG.warn("the stored module {} in {} is corrupt; removing it", digest, store.file());
            store.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM modules WHERE digest = ?")) {
                    ps.setString(1, digest);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot read the stored module {}: {}", digest, e.getMessage());
        }
        return Optional.empty();
    }

    /** Stores bytes under their digest and returns it. A failure to write is logged, not thrown. */
    public String put(byte[] bytes) {
        String digest = digestOf(bytes);
        try {
            store.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO modules VALUES (?, ?)")) {
                    ps.setString(1, digest);
                    ps.setBytes(2, bytes);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot store module {}: {}", digest, e.getMessage());
        }
        return digest;
    }

    /** Remembers that {@code url} last gave the module with {@code digest}. Failures are logged, not thrown. */
    public void remember(String url, String digest) {
        try {
            store.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO module_sources VALUES (?, ?)")) {
                    ps.setString(1, url);
                    ps.setString(2, digest);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot remember the digest of {}: {}", url, e.getMessage());
        }
    }

    /** The digest {@code url} last gave, if it was fetched before. */
    public Optional<String> lastDigestOf(String url) {
        try {
            String digest = store.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM module_sources WHERE url = ?")) {
                    ps.setString(1, url);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
            return valid(digest) ? Optional.of(digest) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the digest of {}: {}", url, e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean valid(String digest) {
        return digest != null && digest.matches("sha256:[0-9a-f]{64}");
    }
}
