package dev.continuum.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes credential files whole or not at all (a temporary file moved into place), private ones
 * readable by their owner only (0600 where the file system has POSIX permissions).
 */
public final class SecretFiles {

    private SecretFiles() {}

    /** Writes {@code text} to {@code file}, readable by the owner only. */
    public static void writePrivate(Path file, String text) throws IOException {
        write(file, text, true);
    }

    /** Writes {@code text} to {@code file} with the default permissions (certificates, public keys). */
    public static void writePublic(Path file, String text) throws IOException {
        write(file, text, false);
    }

    /** True when {@code file} can be read by others than its owner (always false without POSIX permissions). */
    public static boolean readableByOthers(Path file) throws IOException {
        if (!posix()) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (secret && posix()) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
