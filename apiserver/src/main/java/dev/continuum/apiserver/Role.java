package dev.continuum.apiserver;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A user's role in one namespace. Each includes the ones before it:
 *
 * <ul>
 *   <li>{@code viewer}: read the namespace's objects, logs, explanations and function routes;
 *   <li>{@code editor}: also create, change and delete its Applications, Instances and Events;
 *   <li>{@code admin}: also change the namespace's Namespace object (signing keys, exports).
 * </ul>
 *
 * Cluster administrators may do everything everywhere; no role reaches another namespace.
 */
public enum Role {
    VIEWER,
    EDITOR,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Optional<Role> find(String text) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }
}
