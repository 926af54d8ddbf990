package dev.continuum.agent;

import static org.awaitility.Awaitility.await;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.ObjectMeta;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Builders and waits for the Instances agent tests bind by hand. */
final class TestInstances {

    static final String NAMESPACE = "default";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestInstances() {}

    static Component component(String name, ComponentType type, String module, String... args) {
        return new Component(
                name,
                type,
                module,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(args),
                Map.of("GREETING", "hi"),
                null,
                null,
                null,
                null);
    }

    /** Creates an Instance of {@code component} of application {@code app}, bound to {@code node}. */
    static Instance bind(ContinuumClient client, String name, String app, Component component, String node) {
        return client.create(Instance.of(
                ObjectMeta.named(NAMESPACE, name)
                        .withLabel(Instance.APPLICATION_LABEL, app)
                        .withLabel(Instance.COMPONENT_LABEL, component.name()),
                new InstanceSpec(app, component.name(), component, node, 1)));
    }

    /** Creates the Application that declares {@code components}. */
    static Application application(ContinuumClient client, String name, Component... components) {
        return client.create(
                Application.of(ObjectMeta.named(NAMESPACE, name), new ApplicationSpec(List.of(components), null)));
    }

    /** Waits until the Instance's status satisfies {@code condition} and returns it. */
    static InstanceStatus awaitStatus(ContinuumClient client, String name, Predicate<InstanceStatus> condition) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.get(Instance.class, NAMESPACE, name)
                                .map(Instance::status)
                                .orElse(null),
                        s -> s != null && condition.test(s));
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
