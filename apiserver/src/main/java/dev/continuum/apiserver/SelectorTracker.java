package dev.continuum.apiserver;

import dev.continuum.model.Resource;
import dev.continuum.model.api.WatchLine;
import dev.continuum.store.Page;
import dev.continuum.store.ResourceEvent;
import dev.continuum.store.ResourceStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides what one selector-filtered watch stream shows of each event, so that the client's view
 * stays exactly "the objects that match": an object that starts matching arrives as {@code ADDED},
 * one that stops matching leaves as {@code DELETED}.
 *
 * <p>That needs to know whether the object matched before the event, which the event does not carry.
 * The tracker remembers the answer for every object it has seen an event of; for the first event of
 * an object it uses a listing taken when the stream began (exact for events after the listing's
 * revision). For an older event (the stream started from a revision before the listing) it cannot
 * know, and errs on the side of the client: a change that makes the object not match is sent as
 * {@code DELETED}, which a client that never had the object ignores. Not thread-safe: one per stream.
 */
final class SelectorTracker<T extends Resource> {

    private final SelectorQuery selector;
    private final long listedAt;
    private final Set<String> matchingAtListing = new HashSet<>();
    private final Map<String, Boolean> matched = new HashMap<>();

    SelectorTracker(ResourceStore store, Class<T> type, String namespace, SelectorQuery selector) {
        this.selector = selector;
        Page<T> page = store.list(type, namespace);
        this.listedAt = page.revision();
        for (T item : page.items()) {
            if (selector.matches(item)) {
                matchingAtListing.add(key(item));
            }
        }
    }

    /** The line to send for {@code event}, or null to send nothing. */
    WatchLine<T> line(ResourceEvent<T> event) {
        T object = event.object();
        String key = key(object);
        boolean matchesNow = selector.matches(object);
        Boolean known = matched.get(key);
        boolean matchedBefore =
                known != null ? known : event.revision() > listedAt ? matchingAtListing.contains(key) : true;
        return switch (event.type()) {
            case DELETED -> {
                // A deletion carries the object as it was, so whether the client had it is known exactly.
                matched.put(key, false);
                yield matchesNow ? WatchStreams.lineOf(WatchLine.DELETED, object) : null;
            }
            case ADDED -> {
                matched.put(key, matchesNow);
                yield matchesNow ? WatchStreams.lineOf(WatchLine.ADDED, object) : null;
            }
            case MODIFIED -> {
                matched.put(key, matchesNow);
                if (matchesNow) {
                    yield WatchStreams.lineOf(matchedBefore ? WatchLine.MODIFIED : WatchLine.ADDED, object);
                }
                yield matchedBefore ? WatchStreams.lineOf(WatchLine.DELETED, object) : null;
            }
        };
    }

    private static String key(Resource r) {
        return r.metadata().namespace() + "/" + r.metadata().name();
    }
}
