package dev.continuum.model.api;

import java.util.List;

/**
 * A list answer: {@code {"apiVersion":"continuum.dev/v1","kind":"InstanceList",
 * "metadata":{"resourceVersion":42},"items":[...]}}. Watch from {@code metadata.resourceVersion} to
 * follow on without a gap.
 */
public record ListEnvelope<T>(String apiVersion, String kind, ListMeta metadata, List<T> items) {

    public record ListMeta(long resourceVersion) {}
}
