package dev.continuum.model;

import java.time.Duration;

/**
 * How a component's copies follow demand: between {@code minReplicas} (0 scales to zero) and
 * {@code maxReplicas}, aiming at {@code concurrency} requests per copy, and scaling a copy away after
 * {@code idleTimeout} without work.
 */
public record Scaling(Integer minReplicas, Integer maxReplicas, Integer concurrency, Duration idleTimeout) {}
