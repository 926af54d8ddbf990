package dev.continuum.model;

/**
 * One object of the Continuum API ({@code continuum.dev/v1}): a kind, Kubernetes-style metadata and,
 * for most kinds, a spec and a status. Implementations are immutable records; change one by copying
 * it with the {@code with*} methods.
 */
public sealed interface Resource permits Node, Application, Instance, Event, Lease, Namespace {

    String API_VERSION = "continuum.dev/v1";

    String apiVersion();

    String kind();

    ObjectMeta metadata();

    /** A copy of this resource with other metadata. */
    Resource withMetadata(ObjectMeta metadata);

    /** The kind of this resource as an enum, whatever the {@link #kind()} string says. */
    default Kind resourceKind() {
        return Kind.of(getClass());
    }
}
