package dev.continuum.agent.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * The node token the control plane issued to this agent, kept in {@code <data dir>/node-token}
 * (mode 0600 where the file system has POSIX permissions) together with the node name and server it
 * belongs to, so that later starts need no bootstrap token.
 *
 * @param nodeName the node the token was issued for
 * @param server the control plane that issued it
 * @param token the bearer token
 */
public record NodeCredential(String nodeName, String server, String token) {

    /** The file's name in the data folder. */
    public static final String FILE = "node-token";

    /** The credential stored in {@code dataDir}, if any. */
    public static Optional<NodeCredential> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        var properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String node = properties.getProperty("node");
        String token = properties.getProperty("token");
        if (node == null || token == null || token.isBlank()) {
            throw new IOException(file + " is not a node credential (it needs node= and token= lines);"
                    + " delete it and start again with --bootstrap-token");
        }
        return Optional.of(new NodeCredential(node, properties.getProperty("server", ""), token));
    }

    /** Stores this credential in {@code dataDir}, readable by the owner only, replacing any earlier one atomically. */
    public void write(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        Path temp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(temp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        String text =
                "# Continuum node credential: the bearer token this node uses with its control plane. Keep it secret.\n"
                        + "node=" + nodeName + "\n"
                        + "server=" + server + "\n"
                        + "token=" + token + "\n";
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return "NodeCredential[" + nodeName + " at " + server + "]";
    }
}
