package dev.continuum.model.api;

/** An agent asks to join as {@code nodeName}; the bootstrap token travels in the Authorization header. */
public record JoinRequest(String nodeName) {}
