package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.api.WhoAmI;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code continuum whoami}: who the control plane takes this CLI's credential for. */
@Command(name = "whoami", description = "Show who the control plane takes you for, and your roles.")
final class WhoamiCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        WhoAmI me;
        try (ContinuumClient client = Api.connect(server)) {
            me = client.whoami();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(me.type() + "/" + me.name() + (me.clusterAdmin() ? " (cluster administrator)" : ""));
        me.roles().forEach((ns, role) -> out.println("  " + ns + ": " + role));
        out.flush();
        return ExitCodes.OK;
    }
}
