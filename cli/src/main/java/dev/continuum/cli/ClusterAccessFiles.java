package dev.continuum.cli;

import dev.continuum.controlplane.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the client config of a control plane this process started ({@link ClientConfig}): into its
 * data folder, and to {@code ~/.continuum/config.yaml} as well when the data folder is the default
 * one, so that the CLI on this machine needs no flags.
 */
final class ClusterAccessFiles {

    private ClusterAccessFiles() {}

    /**
     * @param folder where the config goes ({@code <data dir>/config.yaml})
     * @param alsoDefault also write {@code ~/.continuum/config.yaml}
     * @return the files written
     */
    static List<Path> write(ControlPlane cp, Path folder, boolean alsoDefault) {
        ClientConfig config = new ClientConfig(
                cp.url().toString(),
                cp.caCertificateFile().map(p -> p.toAbsolutePath().toString()).orElse(null),
                cp.adminToken());
        List<Path> files = new ArrayList<>();
        files.add(folder.resolve(ClientConfig.FILE));
        Path home = ClientConfig.defaultFile();
        if (alsoDefault && !files.contains(home)) {
            files.add(home);
        }
        try {
            for (Path f : files) {
                config.write(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the client config: " + e.getMessage(), e);
        }
        return files;
    }
}
