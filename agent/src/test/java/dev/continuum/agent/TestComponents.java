package dev.continuum.agent;

import static org.awaitility.Awaitility.await;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Capabilities;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Components with capabilities and triggers, bound by hand in any namespace, for the capability tests. */
final class TestComponents {

    private TestComponents() {}

    /** A manifest's {@code capabilities}; nulls grant nothing (calls and accelerator are not the agent's). */
    static Capabilities grant(
            Boolean log,
            Boolean keyvalue,
            List<String> httpOutbound,
            Capabilities.Messaging messaging,
            Map<String, String> config,
            String bucket) {
        return new Capabilities(log, keyvalue, httpOutbound, messaging, config, null, null, bucket);
    }

    static Component component(
            String name,
            ComponentType type,
            String module,
            Capabilities capabilities,
            List<Trigger> triggers,
            Map<String, String> env,
            String... args) {
        return new Component(
                name,
                type,
                module,
                null,
                null,
                null,
                null,
                triggers,
                null,
                null,
                capabilities,
                List.of(args),
                env,
                null,
                null,
                null,
                null);
    }

    /** Creates Instance {@code name} of {@code component} of {@code app} in {@code namespace}, bound to {@code node}. */
    static Instance bind(
            ContinuumClient client, String namespace, String name, String app, Component component, String node) {
        return client.create(Instance.of(
                ObjectMeta.named(namespace, name)
                        .withLabel(Instance.APPLICATION_LABEL, app)
                        .withLabel(Instance.COMPONENT_LABEL, component.name()),
                new InstanceSpec(app, component.name(), component, node, 1)));
    }

    /** Waits until the Instance's status satisfies {@code condition} and returns it. */
    static InstanceStatus awaitStatus(
            ContinuumClient client, String namespace, String name, Predicate<InstanceStatus> condition) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.get(Instance.class, namespace, name)
                                .map(Instance::status)
                                .orElse(null),
                        s -> s != null && condition.test(s));
    }

    /** The Instance's log file on a node whose data folder is {@code dataDir}, or "" before it exists. */
    static String log(Path dataDir, String namespace, String name) throws Exception {
        Path file = dataDir.resolve("logs").resolve(namespace).resolve(name + ".log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Waits until the Instance's log holds a line containing {@code text}, and returns the log. */
    static String awaitLog(Path dataDir, String namespace, String name, String text) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> log(dataDir, namespace, name), log -> log.contains(text));
    }
}
