package dev.continuum.agent.gateway;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.ComponentType;
import dev.continuum.model.api.FunctionRoute;
import java.util.ArrayList;

/**
 * Answers {@link FunctionDirectory} lookups from the control plane's function routes
 * ({@code GET /api/v1/namespaces/{ns}/functions/{app}/{component}}): whether the function exists and
 * the gateway addresses of its Running copies (other than this node's). A node may read no
 * Applications and no other node's Instances; this narrow answer is all it needs to forward.
 */
public final class ControlPlaneFunctionDirectory implements FunctionDirectory {

    private final ContinuumClient client;
    private final String nodeName;

    public ControlPlaneFunctionDirectory(ContinuumClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    @Override
    public Lookup lookup(String namespace, String application, String component) {
        FunctionRoute route;
        try {
            route = client.functionRoute(namespace, application, component);
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return "component".equals(e.error().field()) ? new NoComponent() : new NoApplication();
            }
            return new Unreachable(e.getMessage());
        }
        if (!ComponentType.FUNCTION.wireName().equals(route.type())) {
            return new NotAFunction(route.type());
        }
        var copies = new ArrayList<Copy>();
        for (FunctionRoute.Copy copy : route.copies()) {
            if (!nodeName.equals(copy.node())) {
                copies.add(new Copy(copy.node(), copy.address()));
            }
        }
        return new Copies(copies);
    }
}
