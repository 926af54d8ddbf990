package dev.continuum.apiserver;

import dev.continuum.security.PeerIdentity;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

/**
 * Establishes the {@link Identity} of each API request and keeps it on the request for handlers:
 *
 * <ol>
 *   <li>a client certificate (TLS; the handshake already checked it against the cluster CA) that
 *       names a node and is that node's current or previous certificate: that node;
 *   <li>a bearer token of a user: that user; a bearer token issued to a node (without TLS): that node;
 *   <li>nothing: {@link Identity#ANONYMOUS}.
 * </ol>
 *
 * Any other credential ends the request with 401, saying what to do, so that a node whose credential
 * was replaced or revoked learns it must join again.
 */
final class Authenticator {

    private static final String ATTRIBUTE = "continuum.identity";
    private static final String CERTIFICATE = "continuum.certificate";
    private static final String BEARER = "Bearer ";
    private static final String SERVLET_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final NodeCertificates certificates;
    private final BearerTokens nodeTokens;
    private final UserRegistry users;
    private final Clock clock;

    Authenticator(NodeCertificates certificates, BearerTokens nodeTokens, UserRegistry users, Clock clock) {
        this.certificates = certificates;
        this.nodeTokens = nodeTokens;
        this.users = users;
        this.clock = clock;
    }

    /** Resolves and records the caller; throws {@link ApiFailure} (401) for a credential it does not accept. */
    void authenticate(Context ctx) {
        Optional<X509Certificate> certificate = clientCertificate(ctx);
        if (certificate.isPresent()) {
            ctx.attribute(ATTRIBUTE, nodeByCertificate(certificate.get()));
            ctx.attribute(CERTIFICATE, certificate.get());
            return;
        }
        Optional<String> token = bearerToken(ctx);
        if (token.isEmpty()) {
            ctx.attribute(ATTRIBUTE, Identity.ANONYMOUS);
            return;
        }
        Optional<Identity> user = users.identityOf(token.get());
        if (user.isPresent()) {
            ctx.attribute(ATTRIBUTE, user.get());
            return;
        }
        Optional<String> node = nodeTokens.ownerOf(token.get());
        if (node.isPresent()) {
            ctx.attribute(ATTRIBUTE, Identity.node(node.get()));
            return;
        }
        throw ApiFailure.unauthorized("the bearer token is not valid here: it is neither a user's current token nor"
                + " a node's (a user whose token was replaced needs the new one; a node whose token was replaced"
                + " must join again)");
    }

    private Identity nodeByCertificate(X509Certificate certificate) {
        Optional<String> node = PeerIdentity.nodeOf(certificate);
        if (node.isEmpty()) {
            throw ApiFailure.unauthorized("the client certificate (" + PeerIdentity.describe(certificate)
                    + ") names no node; users authenticate with a bearer token");
        }
        if (!certificates.accepts(node.get(), certificate, clock.instant())) {
            throw ApiFailure.unauthorized("the certificate of node " + node.get() + " (serial "
                    + certificate.getSerialNumber().toString(16) + ") is no longer good: it expired, the node"
                    + " joined again with another one, or an administrator revoked it; join again with a new"
                    + " bootstrap token (continuum token create)");
        }
        return Identity.node(node.get());
    }

    /** The client's certificate, when the request came over TLS with one. */
    static Optional<X509Certificate> clientCertificate(Context ctx) {
        if (ctx.req().getAttribute(SERVLET_CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            return Optional.of(chain[0]);
        }
        return Optional.empty();
    }

    /** Whether the caller authenticated with a certificate (rather than a token). */
    static boolean byCertificate(Context ctx) {
        return ctx.attribute(CERTIFICATE) != null;
    }

    /**
     * The token of an {@code Authorization: Bearer} header; empty when there is no header.
     *
     * @throws ApiFailure 401 for another kind of {@code Authorization} header
     */
    static Optional<String> bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.substring(BEARER.length()).isBlank()) {
            throw ApiFailure.unauthorized("the Authorization header must be \"Bearer <token>\"");
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }

    /** The caller recorded by {@link #authenticate}; anonymous for requests outside {@code /api/}. */
    static Identity identityOf(Context ctx) {
        Identity identity = ctx.attribute(ATTRIBUTE);
        return identity == null ? Identity.ANONYMOUS : identity;
    }
}
