package dev.continuum.apiserver;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request, as the API server established it:
 *
 * <ul>
 *   <li>{@link Type#NODE}: a node, by its certificate (over TLS) or the node token it was issued
 *       (without TLS); {@code name} is the node;
 *   <li>{@link Type#USER}: a user, by an API token; cluster administrator or not, with a role per
 *       namespace;
 *   <li>{@link Type#ANONYMOUS}: no credential.
 * </ul>
 *
 * A request with a credential that is none of these is refused with 401 before any handler runs.
 * Bootstrap tokens are no identity: they are good for {@code POST /api/v1/join} only.
 */
public record Identity(Type type, String name, boolean clusterAdmin, Map<String, Role> roles) {

    public enum Type {
        ANONYMOUS,
        NODE,
        USER
    }

    public static final Identity ANONYMOUS = new Identity(Type.ANONYMOUS, "anonymous", false, Map.of());

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        roles = roles == null ? Map.of() : Map.copyOf(roles);
    }

    public static Identity node(String nodeName) {
        return new Identity(Type.NODE, nodeName, false, Map.of());
    }

    public static Identity user(String userName, boolean clusterAdmin, Map<String, Role> roles) {
        return new Identity(Type.USER, userName, clusterAdmin, roles);
    }

    public boolean isNode() {
        return type == Type.NODE;
    }

    public boolean isUser() {
        return type == Type.USER;
    }

    /** The user's role in {@code namespace}, if any (cluster administrators have none listed: they need none). */
    public Optional<Role> roleIn(String namespace) {
        return Optional.ofNullable(roles.get(namespace));
    }

    /** {@code node/gw-1}, {@code user/alice} or {@code anonymous}, as the audit log writes it. */
    @Override
    public String toString() {
        return switch (type) {
            case NODE -> "node/" + name;
            case USER -> "user/" + name;
            case ANONYMOUS -> name;
        };
    }
}
