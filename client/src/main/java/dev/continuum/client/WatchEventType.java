package dev.continuum.client;

/** What happened to an object a watch follows. */
public enum WatchEventType {
    ADDED,
    MODIFIED,
    /** Deleted, or no longer matching the watch's selector. */
    DELETED
}
