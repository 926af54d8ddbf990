package dev.continuum.model.api;

/**
 * A node asks for a new certificate ({@code POST /api/v1/renew}), authenticated by its current one;
 * the answer is a {@link JoinResponse}.
 *
 * @param csr a PEM certificate signing request for the key to certify (a new key is best)
 */
public record RenewRequest(String csr) {}
