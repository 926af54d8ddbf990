package dev.continuum.store;

/**
 * The answer to a watch request: it started, or the revision asked for has been compacted away and
 * the caller must list again ("too old, relist").
 */
public sealed interface WatchStart {

    record Started(Watch watch) implements WatchStart {}

    /** The history before {@code compactedRevision} is gone; list and watch from the listing's revision. */
    record TooOld(long requestedRevision, long compactedRevision) implements WatchStart {
        public String message() {
            return "revision " + requestedRevision + " is too old (history starts after " + compactedRevision
                    + "); list again and watch from the listing's revision";
        }
    }
}
