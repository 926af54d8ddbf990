package dev.continuum.apiserver;

import java.util.Objects;

/**
 * Who sent a request, as the API server established it from the request's bearer token.
 *
 * <ul>
 *   <li>{@link Type#NODE}: a node token issued by {@code POST /api/v1/join}; {@code name} is the node;
 *   <li>{@link Type#BOOTSTRAP}: a bootstrap token the server's owner accepts;
 *   <li>{@link Type#ANONYMOUS}: no {@code Authorization} header.
 * </ul>
 *
 * A request with a token that is none of these is refused with 401 before any handler runs. What
 * each identity may do is not enforced yet; handlers read it from {@link ApiRequest#caller()}.
 */
public record Identity(Type type, String name) {

    public enum Type {
        ANONYMOUS,
        BOOTSTRAP,
        NODE
    }

    public static final Identity ANONYMOUS = new Identity(Type.ANONYMOUS, "anonymous");
    public static final Identity BOOTSTRAP = new Identity(Type.BOOTSTRAP, "bootstrap");

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static Identity node(String nodeName) {
        return new Identity(Type.NODE, nodeName);
    }

    public boolean isNode() {
        return type == Type.NODE;
    }

    @Override
    public String toString() {
        return type == Type.NODE ? "node/" + name : name;
    }
}
