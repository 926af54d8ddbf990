package dev.continuum.store;

/**
 * One change under a watched prefix. For a {@link Type#DELETE}, {@code kv} holds the value the key
 * had before it was deleted and {@code revision} is the deleting revision.
 */
public record WatchEvent(Type type, KeyValue kv, long revision) {

    public enum Type {
        PUT,
        DELETE
    }

    /** True for the PUT that created the key. */
    public boolean created() {
        return type == Type.PUT && kv.createRevision() == kv.modRevision();
    }
}
