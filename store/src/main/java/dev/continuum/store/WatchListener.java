package dev.continuum.store;

/**
 * Receives the events of one watch, in revision order, on a thread of the watch's own (never the
 * writer's): a slow listener delays only itself.
 */
public interface WatchListener {

    void onEvent(WatchEvent event);

    /**
     * The watch ended without being closed by its owner: the store closed, or the listener fell too
     * far behind. The owner must list again and watch from the listing's revision.
     */
    default void onCancelled(String reason) {}
}
