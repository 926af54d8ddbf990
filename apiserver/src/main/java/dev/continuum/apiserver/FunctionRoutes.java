package dev.continuum.apiserver;

import dev.continuum.model.Application;
import dev.continuum.model.Component;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.api.FunctionRoute;
import dev.continuum.store.ResourceStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/namespaces/{namespace}/functions/{application}/{component}}: where a function
 * runs. Gateways ask it when they have no copy of a function; it tells them no more than they need
 * to forward — whether the component exists, its type, and the gateway addresses of its Running
 * copies — so that a node can route any namespace's requests without reading its Applications. A
 * missing application or component is a 404 whose {@code field} says which.
 */
final class FunctionRoutes {

    static final String PATH = "/api/v1/namespaces/{namespace}/functions/{application}/{component}";

    private final ResourceStore store;
    private final Authorization authorization;

    FunctionRoutes(ResourceStore store, Authorization authorization) {
        this.store = store;
        this.authorization = authorization;
    }

    void handle(Context ctx) {
        String namespace = ctx.pathParam(ResourcePath.NAMESPACE);
        String application = ctx.pathParam("application");
        String component = ctx.pathParam("component");
        authorization.requireNamespaceRead(
                Authenticator.identityOf(ctx), namespace, "the function routes of namespace " + namespace, true);
        Application app = store.get(Application.class, namespace, application)
                .orElseThrow(() -> ApiFailure.notFoundField(
                        "application", "no application \"" + application + "\" in namespace \"" + namespace + "\""));
        Component declared = app.spec()
                .component(component)
                .orElseThrow(() -> ApiFailure.notFoundField(
                        "component",
                        "no component \"" + component + "\" in application \"" + application + "\" (namespace \""
                                + namespace + "\")"));
        List<FunctionRoute.Copy> copies = new ArrayList<>();
        for (Instance instance : store.list(Instance.class, namespace).items()) {
            if (application.equals(instance.spec().application())
                    && component.equals(componentOf(instance))
                    && instance.status().phase() == InstancePhase.RUNNING
                    && instance.status().address() != null
                    && instance.isBound()) {
                copies.add(new FunctionRoute.Copy(
                        instance.spec().node(), instance.status().address()));
            }
        }
        Responses.json(
                ctx,
                200,
                new FunctionRoute(
                        namespace,
                        application,
                        component,
                        declared.typeOrDefault().wireName(),
                        copies));
    }

    private static String componentOf(Instance instance) {
        if (instance.spec().component() != null) {
            return instance.spec().component();
        }
        return instance.spec().template() == null
                ? null
                : instance.spec().template().name();
    }
}
