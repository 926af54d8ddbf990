package dev.continuum.cli;

import dev.continuum.client.ApiException;
import dev.continuum.model.codec.ManifestException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code continuum} command. */
@Command(
        name = "continuum",
        mixinStandardHelpOptions = true,
        // -h/--help and -V/--version on every command: the usage errors point to "<command> --help"
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionCommand.Provider.class,
        description = "Deploy and run applications across the edge-cloud continuum as if it were one cloud.",
        subcommands = {
            UpCommand.class,
            ServerCommand.class,
            AgentCommand.class,
            ApplyCommand.class,
            GetCommand.class,
            DescribeCommand.class,
            DeleteCommand.class,
            LogsCommand.class,
            InvokeCommand.class,
            RunCommand.class,
            ExplainCommand.class,
            TokenCommand.class,
            UserCommand.class,
            NodeCommand.class,
            WhoamiCommand.class,
            KeyCommand.class,
            SignCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (never calls System.exit). */
    public static int execute(String... args) {
        // An agent runs for months: it builds only its own command, not the model of every other
        // command (their options, classes and reflection data would stay in its memory). Usage and
        // errors read the same, under "continuum agent".
        boolean agent = args.length > 0 && args[0].equals("agent");
        CommandLine cli = agent
                ? new CommandLine(new AgentCommand()).setCommandName("continuum agent")
                : new CommandLine(new Main());
        if (agent) {
            cli.getCommandSpec().mixinStandardHelpOptions(true);
            cli.getCommandSpec().versionProvider(new VersionCommand.Provider());
        }
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((ex, argv) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("continuum: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cli.execute(agent ? Arrays.copyOfRange(args, 1, args.length) : args);
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        return switch (e) {
            case CliException c -> {
                err.println("continuum: " + c.getMessage());
                yield c.exitCode();
            }
            case ManifestException m -> {
                m.problems().forEach(p -> err.println("error: " + p));
                yield ExitCodes.USAGE;
            }
            case ApiException a -> {
                err.println("continuum: " + Api.describe(a));
                yield Api.exitCode(a);
            }
            default -> {
                err.println("continuum: unexpected failure: " + e);
                e.printStackTrace(err);
                yield ExitCodes.FAILED;
            }
        };
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
