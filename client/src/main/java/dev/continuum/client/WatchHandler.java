package dev.continuum.client;

import java.util.List;

/**
 * Receives what a {@link Reflector} learns, always on the reflector's own thread, one call at a time,
 * in order.
 *
 * <p>{@link #onSnapshot} comes first and again after every relist (a compacted revision, a handler
 * failure): it is the complete set of objects that match, so anything the handler holds that is not
 * in it has been deleted meanwhile. {@link #onEvent} then reports changes in revision order, none
 * missed and none twice within one snapshot's lifetime, across reconnections. A handler that throws
 * causes a relist and a fresh snapshot, so its state can recover.
 */
public interface WatchHandler<T> {

    /** Every matching object as of {@code revision}; replaces what the handler knew. */
    void onSnapshot(List<T> objects, long revision);

    /** One change after the snapshot; for {@code DELETED}, the object as it was last seen. */
    void onEvent(WatchEventType type, T object);

    /**
     * The reflector reached the server ({@code true}) or lost it ({@code false}); called on changes
     * only. While disconnected the reflector retries with backoff and the handler's state is simply
     * stale: nothing is cleared.
     */
    default void onConnectionChange(boolean connected) {}

    /** A failure the reflector will retry after (a refused request, a broken stream); for logs. */
    default void onError(ApiException error) {}
}
