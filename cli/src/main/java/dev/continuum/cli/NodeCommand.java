package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code continuum node}: what an administrator does to a node's credentials. */
@Command(
        name = "node",
        description = "Manage nodes' credentials.",
        subcommands = {NodeCommand.Revoke.class})
final class NodeCommand extends GroupCommand {

    @Command(
            name = "revoke",
            description = "Revoke a node's certificates (a stolen or retired machine): the control plane refuses it"
                    + " from now on; it joins again only with a new bootstrap token.")
    static final class Revoke extends ApiCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            client.revokeNode(name);
            out.println("node/" + name + " revoked: its certificates are no longer accepted");
        }
    }
}
