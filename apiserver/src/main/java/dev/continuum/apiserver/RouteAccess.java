package dev.continuum.apiserver;

/**
 * Who may call a route an {@link ApiExtension} adds. The server checks it before the handler runs,
 * so an extension cannot forget to.
 */
public enum RouteAccess {
    /** Viewers (and more) of the namespace in the route's {@code {namespace}} path segment. */
    NAMESPACE_READ,
    /** Cluster administrators only. */
    CLUSTER_ADMIN,
    /** Anyone with a valid credential. */
    AUTHENTICATED
}
