package dev.continuum.model.api;

/**
 * One line of a watch stream (newline-delimited JSON). {@code type} is {@code ADDED},
 * {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK} (only {@code object.metadata.resourceVersion}
 * is meaningful: the stream is alive and caught up to it) or {@code ERROR} (then {@code error} says
 * why, e.g. code 410 Expired: relist).
 */
public record WatchLine<T>(String type, T object, ApiError error) {
    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";
    public static final String BOOKMARK = "BOOKMARK";
    public static final String ERROR = "ERROR";
}
