package dev.continuum.model.api;

/**
 * The credential the agent uses from now on: over TLS a node certificate (and the CA that issued
 * it), without TLS a bearer token bound to its node name.
 *
 * @param token the bearer token (only from a control plane without TLS)
 * @param certificate the node's certificate, PEM (only over TLS)
 * @param caCertificate the cluster CA's certificate, PEM (only over TLS)
 */
public record JoinResponse(String nodeName, String token, String certificate, String caCertificate) {}
