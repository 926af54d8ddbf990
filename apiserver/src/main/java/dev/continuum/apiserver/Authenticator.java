package dev.continuum.apiserver;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Establishes the {@link Identity} of each API request from its bearer token and keeps it on the
 * request for handlers: a node token gives the node, a bootstrap token gives {@link
 * Identity#BOOTSTRAP}, no token gives {@link Identity#ANONYMOUS}, and any other credential ends the
 * request with 401, so a node whose token was replaced learns it must join again.
 */
final class Authenticator {

    private static final String ATTRIBUTE = "continuum.identity";
    private static final String BEARER = "Bearer ";

    private final NodeCredentials credentials;
    private final Predicate<String> bootstrapTokens;

    Authenticator(NodeCredentials credentials, Predicate<String> bootstrapTokens) {
        this.credentials = credentials;
        this.bootstrapTokens = bootstrapTokens;
    }

    /** Resolves and records the caller; throws {@link ApiFailure} (401) for a credential it does not know. */
    void authenticate(Context ctx) {
        Optional<String> token = bearerToken(ctx);
        if (token.isEmpty()) {
            ctx.attribute(ATTRIBUTE, Identity.ANONYMOUS);
            return;
        }
        Optional<String> node = credentials.nodeOf(token.get());
        if (node.isPresent()) {
            ctx.attribute(ATTRIBUTE, Identity.node(node.get()));
        } else if (bootstrapTokens.test(token.get())) {
            ctx.attribute(ATTRIBUTE, Identity.BOOTSTRAP);
        } else {
            throw ApiFailure.unauthorized("the bearer token is not valid here: it is neither a current node token"
                    + " nor a bootstrap token (a node whose token was replaced must join again)");
        }
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
