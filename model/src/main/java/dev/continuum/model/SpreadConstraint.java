package dev.continuum.model;

/**
 * Keeps a component's copies spread over a topology domain ({@code zone}, {@code site},
 * {@code region}, {@code tier} or {@code node}): no domain may hold more than {@code maxSkew} copies
 * more than the emptiest eligible one. {@code maxSkew} defaults to 1.
 */
public record SpreadConstraint(String by, Integer maxSkew) {}
