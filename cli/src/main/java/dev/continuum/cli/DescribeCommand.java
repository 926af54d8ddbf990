package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.client.Selector;
import dev.continuum.model.Application;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import dev.continuum.model.codec.ResourceCodec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum describe KIND NAME}: the object, what belongs to it, and what happened to it. */
@Command(name = "describe", description = "Show an object in full, with its instances and recent events.")
final class DescribeCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Override
    public Integer call() {
        Kind k = Api.kind(kind);
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        try (ContinuumClient client = Api.connect(server)) {
            Resource r = client.get(k.type(), k.namespaced() ? namespace : null, name)
                    .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, GetCommand.notFound(k, name, namespace)));
            out.print(ResourceCodec.get().toYaml(r));
            if (r instanceof Application) {
                List<Instance> instances = client.list(
                                Instance.class, namespace, Selector.label(Instance.APPLICATION_LABEL, name))
                        .items();
                out.println();
                out.println("Instances:");
                if (instances.isEmpty()) {
                    out.println("  none");
                } else {
                    Printers.table(Kind.INSTANCE, instances, true, false, now).print(out);
                }
            }
            String eventNamespace = k.namespaced() ? namespace : "default";
            List<Event> events = client.list(Event.class, eventNamespace).items().stream()
                    .filter(e -> e.spec().involvedObject() != null
                            && name.equals(e.spec().involvedObject().name())
                            && k.kindName().equals(e.spec().involvedObject().kind()))
                    .toList();
            out.println();
            out.println("Events:");
            if (events.isEmpty()) {
                out.println("  none");
            } else {
                Printers.table(Kind.EVENT, events, false, false, now).print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
