package dev.continuum.store;

/** A typed change: the object after the change (for DELETED, as it was), at a store revision. */
public record ResourceEvent<T>(Type type, T object, long revision) {
    public enum Type {
        ADDED,
        MODIFIED,
        DELETED
    }
}
