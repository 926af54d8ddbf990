package dev.continuum.model.api;

/** The credential the agent uses from now on (a bearer token bound to its node name). */
public record JoinResponse(String nodeName, String token) {}
