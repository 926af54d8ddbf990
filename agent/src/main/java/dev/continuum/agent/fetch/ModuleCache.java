package dev.continuum.agent.fetch;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module bytes on disk by digest ({@code <dir>/sha256/<hex>.wasm}), so that an Instance pinned by
 * digest starts again without its source — after an agent restart, or offline. Entries are written
 * to a temporary file and moved into place, so a reader never sees half a module; a corrupt entry
 * (its bytes do not hash to its name) is removed and reported as absent. It also remembers which
 * digest each URL last gave ({@code <dir>/by-url/<sha256 of the URL>}), so that a module that is
 * not pinned can still start from the cache while its source is unreachable. Thread-safe.
 */
public final class ModuleCache {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleCache.class);

    private final Path dir;

    public ModuleCache(Path dir) {
        this.dir = dir;
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

    /** The cached bytes of a digest, when present and intact. */
    public Optional<byte[]> get(String digest) {
        Path file = fileOf(digest);
        if (file == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (digestOf(bytes).equals(digest)) {
                return Optional.of(bytes);
            }
            LOG.warn("module cache entry {} is corrupt; removing it", file);
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // not cached
        } catch (IOException e) {
            LOG.warn("cannot read module cache entry {}: {}", file, e.toString());
        }
        return Optional.empty();
    }

    /** Stores bytes under their digest and returns it. A failure to write is logged, not thrown: the cache is an optimisation. */
    public String put(byte[] bytes) {
        String digest = digestOf(bytes);
        Path file = fileOf(digest);
        if (file == null || Files.exists(file)) {
            return digest;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".incoming-", ".wasm");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            LOG.warn("cannot cache module {} under {}: {}", digest, dir, e.toString());
        }
        return digest;
    }

    /** Remembers that {@code url} last gave the module with {@code digest}. Failures are logged, not thrown. */
    public void remember(String url, String digest) {
        Path file = urlFile(url);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".incoming-", ".digest");
            try {
                Files.writeString(temp, digest);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            LOG.warn("cannot remember the digest of {} under {}: {}", url, dir, e.toString());
        }
    }

    /** The digest {@code url} last gave, if it was fetched before. */
    public Optional<String> lastDigestOf(String url) {
        try {
            String digest = Files.readString(urlFile(url)).strip();
            return fileOf(digest) == null ? Optional.empty() : Optional.of(digest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read the digest of {} under {}: {}", url, dir, e.toString());
            return Optional.empty();
        }
    }

    private Path urlFile(String url) {
        String key =
                digestOf(url.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring("sha256:".length());
        return dir.resolve("by-url").resolve(key);
    }

    private Path fileOf(String digest) {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            return null;
        }
        return dir.resolve("sha256").resolve(digest.substring("sha256:".length()) + ".wasm");
    }
}
