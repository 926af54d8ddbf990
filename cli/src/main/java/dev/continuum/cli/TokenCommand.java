package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.DurationText;
import dev.continuum.model.api.BootstrapTokenInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum token}: bootstrap tokens nodes join with, each good for one join (cluster administrators). */
@Command(
        name = "token",
        description = "Create, list and delete bootstrap tokens: each lets one node join once.",
        subcommands = {TokenCommand.Create.class, TokenCommand.List.class, TokenCommand.Delete.class})
final class TokenCommand extends GroupCommand {

    @Command(
            name = "create",
            description = "Create a bootstrap token and print how a node joins with it.",
            footer = {"", "Example:", "  continuum token create --ttl 1h --description 'gateway gw-7, line 4'"})
    static final class Create extends ApiCommand {

        @Option(
                names = "--ttl",
                paramLabel = "DURATION",
                defaultValue = "1h",
                description = "How long it is valid (default: ${DEFAULT-VALUE}; at most 7d).")
        String ttl;

        @Option(names = "--description", paramLabel = "TEXT", description = "What it is for, shown by token list.")
        String description;

        @Option(
                names = {"-q", "--quiet"},
                description = "Print the token only, for scripts: --token \"$(continuum token create -q)\".")
        boolean quiet;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            Duration duration;
            try {
                duration = DurationText.parse(ttl);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--ttl: " + e.getMessage());
            }
            BootstrapTokenInfo t = client.createBootstrapToken(duration, description);
            out.println(t.token());
            if (!quiet) {
                out.println();
                out.println("It lets one node join once, until " + t.expires() + ". On the node:");
                out.println("  continuum agent --server " + server.uri() + " --token " + t.token()
                        + (t.caHash() == null ? "" : " --ca-hash " + t.caHash()) + " --node-name NAME");
            }
        }
    }

    @Command(name = "list", description = "List the bootstrap tokens not yet expired (without their secrets).")
    static final class List extends ApiCommand {

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            Table t = new Table("ID", "EXPIRES", "CREATED-BY", "DESCRIPTION");
            Instant now = Instant.now();
            for (BootstrapTokenInfo token : client.listBootstrapTokens()) {
                t.row(
                        token.id(),
                        "in " + Ages.since(now, token.expires()),
                        token.createdBy() == null ? "" : token.createdBy(),
                        token.description() == null ? "" : token.description());
            }
            t.print(out);
        }
    }

    @Command(name = "delete", description = "Delete a bootstrap token, so that no node can join with it.")
    static final class Delete extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The token's id (the part before the dot).")
        String id;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            client.deleteBootstrapToken(id.contains(".") ? id.substring(0, id.indexOf('.')) : id);
            out.println("bootstrap token " + id + " deleted");
        }
    }
}
