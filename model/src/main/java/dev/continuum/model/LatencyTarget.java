package dev.continuum.model;

/**
 * What {@code maxLatencyMs} is measured to: exactly one of a node, a site, a Device (its current
 * attachment) or a location.
 */
public record LatencyTarget(String node, String site, String device, Location location) {}
