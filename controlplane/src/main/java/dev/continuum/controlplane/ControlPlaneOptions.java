package dev.continuum.controlplane;

import java.nio.file.Path;
import java.time.Clock;

/**
 * How to run a control plane.
 *
 * @param dataDir where the store ({@code state.db}) and the bootstrap token live
 * @param host the address the API listens on
 * @param port the API port; 0 picks a free one
 * @param bootstrapToken the token agents join with; null reads it from the data folder, or creates one
 */
public record ControlPlaneOptions(Path dataDir, String host, int port, String bootstrapToken, Clock clock) {

    public static final int DEFAULT_PORT = 7070;

    public static ControlPlaneOptions in(Path dataDir) {
        return new ControlPlaneOptions(dataDir, "127.0.0.1", DEFAULT_PORT, null, Clock.systemUTC());
    }

    public ControlPlaneOptions withPort(int value) {
        return new ControlPlaneOptions(dataDir, host, value, bootstrapToken, clock);
    }

    public ControlPlaneOptions withHost(String value) {
        return new ControlPlaneOptions(dataDir, value, port, bootstrapToken, clock);
    }

    public ControlPlaneOptions withBootstrapToken(String value) {
        return new ControlPlaneOptions(dataDir, host, port, value, clock);
    }
}
