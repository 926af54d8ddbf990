package dev.continuum.model;

import java.time.Instant;

/** A measured network path from this node to another: round-trip time and bandwidth. */
public record Link(String to, Double rttMs, Double bandwidthMbps, Instant measuredAt) {}
