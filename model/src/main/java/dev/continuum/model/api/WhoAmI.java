package dev.continuum.model.api;

import java.util.Map;

/**
 * Who the API server takes the caller for ({@code GET /api/v1/whoami}).
 *
 * @param type {@code user}, {@code node} or {@code anonymous}
 * @param roles the user's role per namespace
 */
public record WhoAmI(String name, String type, boolean clusterAdmin, Map<String, String> roles) {

    public WhoAmI {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
    }
}
