package dev.continuum.cli;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Resource;
import dev.continuum.model.validation.Defaults;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code continuum apply -f FILE}: creates what does not exist and updates what does. Every manifest
 * is read and validated before anything is sent, so a bad file changes nothing.
 */
@Command(
        name = "apply",
        description = "Create or update the objects a manifest declares.",
        footer = {
            "",
            "Relative file: module URLs are resolved against the manifest's folder.",
            "Examples:",
            "  continuum apply -f examples/hello/app.yaml",
            "  continuum apply -f manifests/",
            "  cat app.yaml | continuum apply -f -"
        })
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE",
            description = "A manifest file, a folder of them, or - for standard input.")
    String file;

    @Option(
            names = {"-n", "--namespace"},
            description = "The namespace for objects that name none (default: default).")
    String namespace;

    @Override
    public Integer call() {
        List<Resource> resources = ManifestFiles.read(file, System.in);
        PrintWriter out = spec.commandLine().getOut();
        try (ContinuumClient client = Api.connect(server)) {
            for (Resource r : resources) {
                Resource desired = r;
                if (namespace != null
                        && r.resourceKind().namespaced()
                        && r.metadata().namespace() == null) {
                    desired = r.withMetadata(r.metadata().withNamespace(namespace));
                }
                desired = Defaults.apply(desired);
                out.println(label(desired) + " " + apply(client, desired));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Reads first, so that changing an existing object needs only the right to change it (a
     * namespace's admin may change its Namespace but not create one).
     */
    private static String apply(ContinuumClient client, Resource desired) {
        Optional<? extends Resource> current = client.get(
                desired.resourceKind().type(),
                desired.metadata().namespace(),
                desired.metadata().name());
        if (current.isEmpty()) {
            try {
                client.create(desired);
                return "created";
            } catch (ApiException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
            }
            current = client.get(
                    desired.resourceKind().type(),
                    desired.metadata().namespace(),
                    desired.metadata().name());
        }
        if (current.isPresent() && unchanged(current.get(), desired)) {
            return "unchanged";
        }
        client.update(desired.withMetadata(desired.metadata().withResourceVersion(0)));
        return "configured";
    }

    private static boolean unchanged(Resource current, Resource desired) {
        return Objects.equals(current.metadata().labels(), desired.metadata().labels())
                && Objects.equals(
                        current.metadata().annotations(), desired.metadata().annotations())
                && Objects.equals(specOf(current), specOf(desired));
    }

    private static Object specOf(Resource r) {
        return switch (r) {
            case dev.continuum.model.Node n -> n.spec();
            case dev.continuum.model.Application a -> a.spec();
            case dev.continuum.model.Instance i -> i.spec();
            case dev.continuum.model.Lease l -> l.spec();
            case dev.continuum.model.Event e -> e.spec();
            case dev.continuum.model.Namespace n -> n.spec();
        };
    }

    static String label(Resource r) {
        return r.kind().toLowerCase(Locale.ROOT) + "/" + r.metadata().name();
    }
}
