package dev.continuum.store;

import java.util.List;

/**
 * The keys under a prefix, sorted by key, as of one store {@code revision}: a watch from that
 * revision continues exactly where this listing ends.
 */
public record Listing(List<KeyValue> items, long revision) {}
