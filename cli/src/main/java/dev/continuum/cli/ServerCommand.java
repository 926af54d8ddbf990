package dev.continuum.cli;

import dev.continuum.controlplane.ControlPlane;
import dev.continuum.controlplane.ControlPlaneOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code continuum server}: runs a control plane (store, API, scheduler, controllers, dashboard). */
@Command(
        name = "server",
        description = "Run a control plane: the API, the scheduler, the controllers and the dashboard.")
final class ServerCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the state lives (default: ~/.continuum/server).")
    Path dataDir;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            defaultValue = "7070",
            description = "The API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bootstrap-token",
            paramLabel = "TOKEN",
            description = "The token agents join with (default: read from, or created in, the data folder).")
    String bootstrapToken;

    static Path home() {
        return Path.of(System.getProperty("user.home"), ".continuum");
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir != null ? dataDir : home().resolve("server");
        ControlPlane cp = ControlPlane.start(
                ControlPlaneOptions.in(dir).withHost(host).withPort(port).withBootstrapToken(bootstrapToken));
        Lifecycle.closeOnExit(cp);
        System.err.println("continuum: control plane on " + cp.url() + " (dashboard at " + cp.url() + "/)");
        System.err.println("continuum: agents join with --server " + cp.url() + " --token <the token in "
                + dir.resolve("bootstrap-token") + ">");
        Lifecycle.awaitExit();
        return ExitCodes.OK;
    }
}
