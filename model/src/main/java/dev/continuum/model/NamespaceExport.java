package dev.continuum.model;

import java.util.List;

/**
 * What one application of a namespace offers to other namespaces: its components to link to and
 * call, and its key-value bucket to share.
 *
 * @param application the exporting application, in this namespace
 * @param components the components others may link to and call; {@code "*"} for all; none when empty
 * @param keyvalue whether others may use the application's key-value bucket
 * @param to the namespaces that may use it; {@code "*"} for every namespace
 */
public record NamespaceExport(String application, List<String> components, Boolean keyvalue, List<String> to) {

    public static final String ALL = "*";

    public NamespaceExport {
        components = Collections2.list(components);
        to = Collections2.list(to);
    }

    /** Whether namespace {@code namespace} may use this export at all. */
    public boolean offeredTo(String namespace) {
        return to.contains(ALL) || to.contains(namespace);
    }

    /** Whether {@code namespace} may link to and call {@code component} of the application. */
    public boolean offersComponent(String component, String namespace) {
        return offeredTo(namespace) && (components.contains(ALL) || components.contains(component));
    }

    /** Whether {@code namespace} may share the application's key-value bucket. */
    public boolean offersBucket(String namespace) {
        return offeredTo(namespace) && Boolean.TRUE.equals(keyvalue);
    }
}
