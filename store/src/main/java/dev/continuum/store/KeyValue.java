package dev.continuum.store;

/**
 * One stored key at one revision.
 *
 * @param createRevision the store revision that created the key
 * @param modRevision the store revision of the key's latest write; the compare-and-swap token
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
