package dev.continuum.model.api;

import java.util.List;

/**
 * Where a function runs: {@code GET /api/v1/namespaces/{ns}/functions/{application}/{component}}.
 * This is all a node's gateway learns about other namespaces' functions: whether the component
 * exists, what type it is, and the gateway addresses of its Running copies.
 *
 * @param type the component's type ({@code function}, {@code service}, {@code job})
 * @param copies the Running copies with a gateway address
 */
public record FunctionRoute(String namespace, String application, String component, String type, List<Copy> copies) {

    public FunctionRoute {
        copies = copies == null ? List.of() : List.copyOf(copies);
    }

    /** One Running copy: its node and the gateway address it reported. */
    public record Copy(String node, String address) {}
}
