package dev.continuum.model;

/** A dependency between two components of one application, with the most latency it tolerates. */
public record ComponentLink(String from, String to, Double maxLatencyMs) {}
