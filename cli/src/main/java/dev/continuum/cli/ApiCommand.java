package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command that makes its calls on one connection to the API: the server flags, the client, where it prints. */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ContinuumClient client = Api.connect(server)) {
            run(client, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Does the command's work; errors are thrown ({@link CliException}, or the client's API errors). */
    abstract void run(ContinuumClient client, PrintWriter out);
}
