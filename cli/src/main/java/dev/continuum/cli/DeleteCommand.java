package dev.continuum.cli;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum delete KIND NAME} or {@code continuum delete -f FILE}. */
@Command(
        name = "delete",
        description = "Delete objects by kind and name, or those a manifest declares.",
        footer = {"", "Examples:", "  continuum delete app hello", "  continuum delete -f examples/hello/app.yaml"})
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "KIND NAME", description = "What to delete.")
    List<String> target = List.of();

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE",
            description = "Delete what this manifest (file, folder or -) declares.")
    String file;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--ignore-not-found", description = "Do not fail when the object does not exist.")
    boolean ignoreNotFound;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ContinuumClient client = Api.connect(server)) {
            if (file != null) {
                if (!target.isEmpty()) {
                    throw new CliException(ExitCodes.USAGE, "give either -f or KIND NAME, not both");
                }
                int code = ExitCodes.OK;
                for (Resource r : ManifestFiles.read(file, System.in)) {
                    String ns = r.resourceKind().namespaced()
                            ? (r.metadata().namespace() == null
                                    ? namespace
                                    : r.metadata().namespace())
                            : null;
                    code = Math.max(
                            code,
                            delete(client, r.resourceKind(), ns, r.metadata().name(), out));
                }
                return code;
            }
            if (target.size() != 2) {
                throw new CliException(ExitCodes.USAGE, "give KIND and NAME (e.g. `continuum delete app hello`) or -f");
            }
            Kind k = Api.kind(target.get(0));
            return delete(client, k, k.namespaced() ? namespace : null, target.get(1), out);
        }
    }

    private int delete(ContinuumClient client, Kind k, String ns, String name, PrintWriter out) {
        String label = k.kindName().toLowerCase(Locale.ROOT) + "/" + name;
        try {
            client.delete(k.type(), ns, name);
            out.println(label + " deleted");
            out.flush();
            return ExitCodes.OK;
        } catch (ApiException e) {
            if (e.isNotFound()) {
                if (ignoreNotFound) {
                    return ExitCodes.OK;
                }
                spec.commandLine().getErr().println("continuum: " + GetCommand.notFound(k, name, ns));
                return ExitCodes.NOT_FOUND;
            }
            throw e;
        }
    }
}
