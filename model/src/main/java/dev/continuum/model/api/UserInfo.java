package dev.continuum.model.api;

import java.time.Instant;
import java.util.Map;

/**
 * A user of the API ({@code /api/v1/users}): a name, whether they administer the whole cluster, and
 * their role per namespace ({@code viewer}, {@code editor}, {@code admin}). The bearer {@code token}
 * is in the answers to creating the user and to {@code POST /api/v1/users/{name}/token} only; the
 * control plane keeps its SHA-256.
 */
public record UserInfo(String name, Boolean clusterAdmin, Map<String, String> roles, String token, Instant created) {

    public UserInfo {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
    }
}
