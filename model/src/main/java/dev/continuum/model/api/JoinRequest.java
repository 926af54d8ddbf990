package dev.continuum.model.api;

/**
 * An agent asks to join as {@code nodeName}; the bootstrap token travels in the Authorization header.
 *
 * @param csr a PEM certificate signing request for the node's key (over TLS); null on a control plane
 *     that runs without TLS, which answers a bearer token instead
 */
public record JoinRequest(String nodeName, String csr) {}
