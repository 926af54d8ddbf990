package dev.continuum.apiserver;

import dev.continuum.model.Application;
import dev.continuum.model.Capabilities;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentLink;
import dev.continuum.model.ComponentRef;
import dev.continuum.model.Instance;
import dev.continuum.model.Namespace;
import dev.continuum.model.NamespaceExport;
import dev.continuum.model.Resource;
import dev.continuum.store.ResourceStore;
import java.util.function.Predicate;

/**
 * Namespaces are tenants: a component may link to, call ({@code capabilities.calls}) and share the
 * key-value bucket ({@code capabilities.bucket}) of components in its own namespace only, unless the
 * other namespace's Namespace object exports them to it ({@code spec.exports}). Checked when an
 * Application (or an Instance, through the API) is written; refusals are 403 naming the field and
 * the export that is missing. Thread-safe.
 */
final class TenancyPolicy {

    private final ResourceStore store;

    TenancyPolicy(ResourceStore store) {
        this.store = store;
    }

    void check(Resource resource) {
        switch (resource) {
            case Application a -> {
                String ns = a.metadata().namespace();
                String app = a.metadata().name();
                for (int i = 0; i < a.spec().links().size(); i++) {
                    ComponentLink link = a.spec().links().get(i);
                    if (link != null && link.to() != null) {
                        component(link.to(), ns, app, "spec.links[" + i + "].to", "link to");
                    }
                }
                for (int i = 0; i < a.spec().components().size(); i++) {
                    Component c = a.spec().components().get(i);
                    if (c != null) {
                        capabilities(c.capabilities(), ns, app, "spec.components[" + i + "].capabilities");
                    }
                }
            }
            case Instance i -> {
                if (i.spec() != null && i.spec().template() != null) {
                    capabilities(
                            i.spec().template().capabilities(),
                            i.metadata().namespace(),
                            i.spec().application(),
                            "spec.template.capabilities");
                }
            }
            default -> {
                // Other kinds refer to no components.
            }
        }
    }

    private void capabilities(Capabilities c, String ns, String app, String path) {
        if (c == null) {
            return;
        }
        for (int i = 0; i < c.calls().size(); i++) {
            if (c.calls().get(i) != null) {
                component(c.calls().get(i), ns, app, path + ".calls[" + i + "]", "call");
            }
        }
        if (c.bucket() != null) {
            String[] parts = c.bucket().split("/", -1);
            if (parts.length == 2 && !parts[0].equals(ns)) {
                require(
                        parts[0],
                        parts[1],
                        x -> x.offersBucket(ns),
                        path + ".bucket",
                        "share the key-value bucket of application " + parts[1],
                        ns,
                        "keyvalue: true");
            }
        }
    }

    private void component(String text, String ns, String app, String path, String action) {
        ComponentRef ref = ComponentRef.parse(text, ns, app).orElse(null);
        if (ref == null || ref.namespace().equals(ns)) {
            return;
        }
        require(
                ref.namespace(),
                ref.application(),
                x -> x.offersComponent(ref.component(), ns),
                path,
                action + " component " + ref.component() + " of application " + ref.application(),
                ns,
                "components: [" + ref.component() + "]");
    }

    private void require(
            String owner,
            String application,
            Predicate<NamespaceExport> allows,
            String path,
            String action,
            String ns,
            String needed) {
        boolean exported = store.get(Namespace.class, null, owner)
                .map(n -> n.spec().exports().stream()
                        .anyMatch(x -> x != null && application.equals(x.application()) && allows.test(x)))
                .orElse(false);
        if (!exported) {
            throw ApiFailure.forbidden(
                    path,
                    path + ": namespace " + ns + " may not " + action + " in namespace " + owner + ": a tenant's"
                            + " components reach only their own namespace unless the other exports to them (Namespace "
                            + owner + " needs spec.exports: [{application: " + application + ", " + needed
                            + ", to: [" + ns + "]}])");
        }
    }
}
