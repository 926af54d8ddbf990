package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code continuum node}: what an administrator does to a node's credentials. */
@Command(
        name = "node",
        description = "Manage nodes' credentials.",
        subcommands = {NodeCommand.Revoke.class})
final class NodeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "revoke",
            description = "Revoke a node's certificates (a stolen or retired machine): the control plane refuses it"
                    + " from now on; it joins again only with a new bootstrap token.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ContinuumClient client = Api.connect(server)) {
                client.revokeNode(name);
            }
            spec.commandLine().getOut().println("node/" + name + " revoked: its certificates are no longer accepted");
            return ExitCodes.OK;
        }
    }
}
