package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.client.Selector;
import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code continuum logs NAME}: the output of one Instance, or of every Instance of an Application
 * (each line prefixed with its instance), fetched through the control plane from the nodes.
 */
@Command(
        name = "logs",
        description = "Print the output (stdout and stderr) of an instance, or of every instance of an application.",
        footer = {"", "Examples:", "  continuum logs hello", "  continuum logs hello -c greet -f --tail 20"})
final class LogsCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "An instance or an application.")
    String name;

    @Option(
            names = {"-c", "--component"},
            description = "With an application: only this component's instances.")
    String component;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new output.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each instance.")
    Integer tail;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (ContinuumClient client = Api.connect(server)) {
            Optional<Instance> one = client.get(Instance.class, namespace, name);
            if (one.isPresent()) {
                stream(client, one.get(), null, out);
                return ExitCodes.OK;
            }
            if (client.get(Application.class, namespace, name).isEmpty()) {
                throw new CliException(
                        ExitCodes.NOT_FOUND,
                        "no instance or application \"" + name + "\" in namespace \"" + namespace + "\"");
            }
            Selector selector = Selector.label(Instance.APPLICATION_LABEL, name);
            if (component != null) {
                selector = selector.andLabel(Instance.COMPONENT_LABEL, component);
            }
            List<Instance> instances = client.list(Instance.class, namespace, selector).items().stream()
                    .filter(Instance::isBound)
                    .toList();
            if (instances.isEmpty()) {
                throw new CliException(
                        ExitCodes.FAILED,
                        "application \"" + name + "\" has no instance on a node yet; see `continuum get instances`");
            }
            List<Thread> readers = new ArrayList<>();
            for (Instance i : instances) {
                Runnable r = () -> stream(client, i, i.metadata().name(), out);
                if (follow) {
                    readers.add(Thread.ofVirtual().start(r));
                } else {
                    r.run();
                }
            }
            for (Thread t : readers) {
                t.join();
            }
            return ExitCodes.OK;
        }
    }

    private void stream(ContinuumClient client, Instance instance, String prefix, PrintWriter out) {
        try (InputStream in = client.logs(namespace, instance.metadata().name(), follow, tail);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (out) {
                    out.println(prefix == null ? line : "[" + prefix + "] " + line);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.FAILED,
                    "reading the log of " + instance.metadata().name() + " failed: " + e.getMessage());
        }
    }
}
