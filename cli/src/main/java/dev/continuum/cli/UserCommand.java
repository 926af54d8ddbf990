package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.api.UserInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum user}: the API's users, their roles per namespace and their tokens (cluster administrators). */
@Command(
        name = "user",
        description = "Manage users: a bearer token each, a role per namespace (viewer, editor, admin), or cluster"
                + " administrator.",
        subcommands = {
            UserCommand.Create.class,
            UserCommand.List.class,
            UserCommand.Update.class,
            UserCommand.Token.class,
            UserCommand.Delete.class
        })
final class UserCommand extends GroupCommand {

    /** Who may do what: the flags create and update share. */
    static final class Grants {
        @Option(
                names = "--role",
                paramLabel = "NAMESPACE=ROLE",
                description = "A role in a namespace: viewer, editor or admin (repeatable).")
        Map<String, String> roles = new LinkedHashMap<>();

        @Option(names = "--cluster-admin", description = "May do everything in every namespace, and manage users.")
        boolean clusterAdmin;
    }

    private static void printToken(PrintWriter out, UserInfo user, ServerOptions server) {
        out.println(user.token());
        out.println();
        out.println("This is " + user.name() + "'s bearer token; it is shown once. They use it with --token, or in a"
                + " client config:");
        out.println("  server: " + server.uri());
        out.println("  token: " + user.token());
    }

    @Command(
            name = "create",
            description = "Create a user and print their token.",
            footer = {"", "Example:", "  continuum user create alice --role team-a=editor --role team-b=viewer"})
    static final class Create extends ApiCommand {
        @Mixin
        Grants grants;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            printToken(out, client.createUser(name, grants.clusterAdmin, grants.roles), server);
        }
    }

    @Command(name = "list", description = "List the users and their roles.")
    static final class List extends ApiCommand {

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            Table t = new Table("NAME", "CLUSTER-ADMIN", "ROLES");
            for (UserInfo u : client.listUsers()) {
                t.row(
                        u.name(),
                        Boolean.TRUE.equals(u.clusterAdmin()) ? "yes" : "no",
                        u.roles().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(",")));
            }
            t.print(out);
        }
    }

    @Command(
            name = "update",
            description = "Replace a user's roles (and cluster-admin flag); their token stays.",
            footer = {"", "Example:", "  continuum user update alice --role team-a=admin"})
    static final class Update extends ApiCommand {
        @Mixin
        Grants grants;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            client.updateUser(name, grants.clusterAdmin, grants.roles);
            out.println("user/" + name + " updated");
        }
    }

    @Command(name = "token", description = "Give a user a new token; their old one stops working.")
    static final class Token extends ApiCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            printToken(out, client.rotateUserToken(name), server);
        }
    }

    @Command(name = "delete", description = "Delete a user; their token stops working.")
    static final class Delete extends ApiCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(ContinuumClient client, PrintWriter out) {
            client.deleteUser(name);
            out.println("user/" + name + " deleted");
        }
    }
}
