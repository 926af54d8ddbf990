package dev.continuum.model;

import java.util.Optional;

/**
 * A reference from one component to another, as links and call grants write it: {@code component}
 * (same application), {@code application/component} (same namespace) or
 * {@code namespace/application/component}. Resolved against where it is written, it always names a
 * namespace, an application and a component.
 */
public record ComponentRef(String namespace, String application, String component) {

    /**
     * Reads {@code text} as written in namespace {@code namespace}, application {@code application}.
     *
     * @return empty when it has more than three parts or an empty part
     */
    public static Optional<ComponentRef> parse(String text, String namespace, String application) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                return Optional.empty();
            }
        }
        return switch (parts.length) {
            case 1 -> Optional.of(new ComponentRef(namespace, application, parts[0]));
            case 2 -> Optional.of(new ComponentRef(namespace, parts[0], parts[1]));
            case 3 -> Optional.of(new ComponentRef(parts[0], parts[1], parts[2]));
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return namespace + "/" + application + "/" + component;
    }
}
