package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.client.ResourcePage;
import dev.continuum.client.Selector;
import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum get KIND [NAME]}: lists or shows objects. */
@Command(
        name = "get",
        description = "List objects of a kind, or show one.",
        footer = {
            "",
            "Kinds: nodes, applications (apps), instances, events, leases, namespaces (ns).",
            "Examples:",
            "  continuum get nodes",
            "  continuum get instances -o wide",
            "  continuum get app hello -o yaml",
            "  continuum get instances -l continuum.dev/application=hello"
        })
final class GetCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "What to list.")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "One object to show.")
    String name;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
            names = {"-A", "--all-namespaces"},
            description = "List across every namespace.")
    boolean allNamespaces;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "table (default), wide, yaml, json or name.")
    String output;

    @Option(
            names = {"-l", "--selector"},
            paramLabel = "K=V[,K=V]",
            description = "Only objects with these labels.")
    String selector;

    @Override
    public Integer call() {
        Kind k = Api.kind(kind);
        Output o = Output.parse(output);
        PrintWriter out = spec.commandLine().getOut();
        String ns = k.namespaced() && !allNamespaces ? namespace : null;
        try (ContinuumClient client = Api.connect(server)) {
            if (name != null) {
                Resource r = client.get(k.type(), ns == null ? namespace : ns, name)
                        .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, notFound(k, name, namespace)));
                print(k, List.of(r), o, out);
                return ExitCodes.OK;
            }
            ResourcePage<? extends Resource> page = client.list(k.type(), ns, labels(selector));
            if (page.items().isEmpty() && (o == Output.TABLE || o == Output.WIDE)) {
                spec.commandLine()
                        .getErr()
                        .println(
                                k.namespaced() && ns != null
                                        ? "No " + k.plural() + " in namespace " + ns + "."
                                        : "No " + k.plural() + ".");
                return ExitCodes.OK;
            }
            print(k, page.items(), o, out);
            return ExitCodes.OK;
        }
    }

    private void print(Kind k, List<? extends Resource> items, Output o, PrintWriter out) {
        switch (o) {
            case TABLE, WIDE ->
                Printers.table(k, items, o == Output.WIDE, allNamespaces, Instant.now())
                        .print(out);
            case NAME -> {
                items.forEach(r -> out.println(k.kindName().toLowerCase(java.util.Locale.ROOT) + "/"
                        + r.metadata().name()));
                out.flush();
            }
            case YAML, JSON -> Output.structured(o, items.size() == 1 && name != null ? items.getFirst() : items, out);
        }
    }

    static String notFound(Kind k, String name, String namespace) {
        return k.kindName().toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\" not found"
                + (k.namespaced() ? " in namespace \"" + namespace + "\"" : "");
    }

    static Selector labels(String text) {
        if (text == null || text.isBlank()) {
            return Selector.all();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new CliException(ExitCodes.USAGE, "-l " + text + ": expected key=value[,key=value]");
            }
            labels.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return Selector.labels(labels);
    }
}
