package dev.continuum.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret agents join with: 128 random bits, kept in {@code bootstrap-token} in the data folder
 * (readable by its owner only) so that it survives restarts.
 */
final class BootstrapToken {

    static final String FILE = "bootstrap-token";

    private BootstrapToken() {}

    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file).strip();
                if (token.length() >= 32) {
                    return token;
                }
            }
            byte[] bits = new byte[16];
            new SecureRandom().nextBytes(bits);
            String token = HexFormat.of().formatHex(bits);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, token + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's permissions protect it.
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** Compares in constant time, so that the answer's timing says nothing about the token. */
    static boolean matches(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
