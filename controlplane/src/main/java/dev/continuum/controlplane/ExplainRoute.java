package dev.continuum.controlplane;

import dev.continuum.apiserver.ApiExtension;
import dev.continuum.apiserver.ApiReply;
import dev.continuum.apiserver.RouteAccess;
import dev.continuum.apiserver.RouteRegistrar;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.model.api.ApiError;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Explanation;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import dev.continuum.store.ResourceStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/namespaces/{namespace}/instances/{name}/explain}: where the scheduler would put
 * this Instance now and why, node by node. Read-only: it schedules against a fresh snapshot of the
 * cluster and binds nothing.
 */
final class ExplainRoute implements ApiExtension {

    static final String PATH = "/api/v1/namespaces/{namespace}/instances/{name}/explain";

    private final ResourceStore store;
    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    ExplainRoute(ResourceStore store) {
        this.store = store;
    }

    @Override
    public void register(RouteRegistrar routes) {
        routes.get(PATH, RouteAccess.NAMESPACE_READ, request -> {
            String namespace = request.pathParam("namespace");
            String name = request.pathParam("name");
            Optional<Instance> instance = store.get(Instance.class, namespace, name);
            if (instance.isEmpty()) {
                return ApiReply.error(ApiError.of(
                        404, "NotFound", "instance \"" + name + "\" not found in namespace \"" + namespace + "\""));
            }
            ClusterState state = ClusterState.of(
                    store.list(Node.class, null).items(),
                    store.list(Instance.class, null).items());
            Instance candidate = instance.get();
            if (candidate.isBound()) {
                // Explain it as if it were to be placed again: its own allocation must not count.
                state.removeInstance(namespace, name);
                candidate = candidate.withSpec(candidate.spec().withNode(null));
            }
            Explanation e = scheduler.explain(PlacementRequest.of(candidate), state);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("instance", namespace + "/" + name);
            body.put("boundTo", instance.get().spec().node());
            body.put("decision", e.decision().toString());
            body.put("node", e.decision().node().orElse(null));
            body.put("summary", e.summary());
            body.put("nodes", e.nodes());
            body.put("text", e.render(50));
            return ApiReply.json(body);
        });
    }
}
