package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.api.UserInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
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
final class UserCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

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
        out.flush();
    }

    @Command(
            name = "create",
            description = "Create a user and print their token.",
            footer = {"", "Example:", "  continuum user create alice --role team-a=editor --role team-b=viewer"})
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Grants grants;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ContinuumClient client = Api.connect(server)) {
                printToken(
                        spec.commandLine().getOut(),
                        client.createUser(name, grants.clusterAdmin, grants.roles),
                        server);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List the users and their roles.")
    static final class List implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (ContinuumClient client = Api.connect(server)) {
                Table t = new Table("NAME", "CLUSTER-ADMIN", "ROLES");
                for (UserInfo u : client.listUsers()) {
                    t.row(
                            u.name(),
                            Boolean.TRUE.equals(u.clusterAdmin()) ? "yes" : "no",
                            u.roles().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(",")));
                }
                t.print(spec.commandLine().getOut());
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "update",
            description = "Replace a user's roles (and cluster-admin flag); their token stays.",
            footer = {"", "Example:", "  continuum user update alice --role team-a=admin"})
    static final class Update implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Grants grants;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ContinuumClient client = Api.connect(server)) {
                client.updateUser(name, grants.clusterAdmin, grants.roles);
            }
            spec.commandLine().getOut().println("user/" + name + " updated");
            return ExitCodes.OK;
        }
    }

    @Command(name = "token", description = "Give a user a new token; their old one stops working.")
    static final class Token implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ContinuumClient client = Api.connect(server)) {
                printToken(spec.commandLine().getOut(), client.rotateUserToken(name), server);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete a user; their token stops working.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (ContinuumClient client = Api.connect(server)) {
                client.deleteUser(name);
            }
            spec.commandLine().getOut().println("user/" + name + " deleted");
            return ExitCodes.OK;
        }
    }
}
