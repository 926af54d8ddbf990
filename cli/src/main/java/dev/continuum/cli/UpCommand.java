package dev.continuum.cli;

import dev.continuum.agent.Agent;
import dev.continuum.agent.AgentConfigException;
import dev.continuum.agent.AgentOptions;
import dev.continuum.agent.AgentStartException;
import dev.continuum.controlplane.ControlPlane;
import dev.continuum.controlplane.ControlPlaneOptions;
import dev.continuum.model.api.BootstrapTokenInfo;
import dev.continuum.security.CredentialException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code continuum up}: a whole continuum on this machine in one process — a control plane, one
 * local agent, the dashboard, and the hello example unpacked, ready to apply.
 */
@Command(
        name = "up",
        description = "Start a control plane and a local agent in one process, with the dashboard and an example.")
final class UpCommand implements Callable<Integer> {

    static final String[] EXAMPLE_FILES = {"app.yaml", "hello.wasm"};

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where everything is kept (default: ~/.continuum).")
    Path dataDir;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            defaultValue = "7070",
            description = "The API and dashboard port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--gateway-port",
            paramLabel = "PORT",
            defaultValue = "7080",
            description = "The local node's gateway port, where functions answer (default: ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Mixin
    AgentFlags flags;

    @Mixin
    SecurityFlags security;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir != null ? dataDir : ServerCommand.home();
        ControlPlane cp;
        try {
            cp = ControlPlane.start(
                    security.apply(ControlPlaneOptions.in(dir.resolve("server")).withPort(port)));
        } catch (CredentialException e) {
            throw new CliException(
                    ExitCodes.USAGE, e.getMessage() + " (check --san and " + dir.resolve("server") + ")");
        } catch (RuntimeException e) {
            throw portInUse(e, port, "--port");
        }
        Lifecycle.closeOnExit(cp);
        List<Path> configs = ClusterAccessFiles.write(cp, dir, dataDir == null);
        // The local node joins like any other, with a token of its own (unused when it already has a
        // certificate), trusting the CA by its file rather than a pin.
        BootstrapTokenInfo token = cp.createBootstrapToken(Duration.ofMinutes(10), "the node of continuum up");
        Agent agent;
        try {
            AgentOptions.Builder options = flags.apply(AgentOptions.builder()
                    .server(cp.url())
                    .bootstrapToken(token.token())
                    .dataDir(dir.resolve("agent"))
                    .gatewayHost("127.0.0.1")
                    .gatewayPort(gatewayPort));
            cp.caCertificateFile().ifPresent(options::caFile);
            agent = new Agent(options.build()).start();
        } catch (AgentConfigException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } catch (AgentStartException e) {
            throw portInUse(e, gatewayPort, "--gateway-port");
        } finally {
            cp.deleteBootstrapToken(token.id());
        }
        Lifecycle.closeOnExit(agent);
        Path example = unpackExample(dir.resolve("examples").resolve("hello"));
        String gateway = agent.gatewayAddress().replace("://127.0.0.1:", "://localhost:");
        System.out.println();
        System.out.println("Continuum is up.");
        System.out.println("  API and dashboard   " + cp.url() + "/");
        System.out.println("  node " + agent.nodeName() + " gateway  " + gateway + "/fn/...");
        System.out.println("  data                " + dir);
        System.out.println("  client config       "
                + String.join(" and ", configs.stream().map(Path::toString).toList())
                + " (the CLI reads it; it holds an administrator's token)");
        if (cp.insecure()) {
            System.out.println(
                    "  WARNING             --insecure: plain HTTP without certificates; for local experiments"
                            + " only");
        } else {
            System.out.println("  cluster CA          " + cp.caCertificateFile().orElseThrow() + " ("
                    + cp.caPin().orElseThrow() + ")");
        }
        System.out.println();
        System.out.println("Try, in another terminal:");
        System.out.println("  ./continuum apply -f examples/hello/app.yaml     (also in " + example + ")");
        System.out.println("  ./continuum get instances");
        System.out.println("  curl "
                + cp.caCertificateFile().map(ca -> "--cacert " + ca + " ").orElse("") + "'" + gateway
                + "/fn/default/hello/greet?name=edge'");
        System.out.println("  ./continuum logs hello");
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        Lifecycle.awaitExit();
        return ExitCodes.OK;
    }

    private static CliException portInUse(RuntimeException e, int port, String flag) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return new CliException(
                        ExitCodes.FAILED,
                        "port " + port + " is in use (is Continuum already up?); choose another with " + flag);
            }
        }
        return new CliException(ExitCodes.FAILED, e.getMessage());
    }

    /** Copies the hello example out of the jar, so that it can be applied from anywhere. */
    static Path unpackExample(Path target) {
        try {
            Files.createDirectories(target);
            for (String name : EXAMPLE_FILES) {
                try (InputStream in = UpCommand.class.getResourceAsStream("/continuum/examples/hello/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks the example file " + name);
                    }
                    Files.copy(in, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target.resolve("app.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the example into " + target, e);
        }
    }
}
