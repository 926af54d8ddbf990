package dev.continuum.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.api.JoinResponse;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.model.validation.Names;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * {@code POST /api/v1/join}: a node proves it may join with a bootstrap token and gets a node token
 * of its own ({@link NodeCredentials}). Joining again under the same name replaces the token.
 */
final class JoinHandler {

    private final NodeCredentials credentials;
    private final Predicate<String> bootstrapTokens;

    JoinHandler(NodeCredentials credentials, Predicate<String> bootstrapTokens) {
        this.credentials = credentials;
        this.bootstrapTokens = bootstrapTokens;
    }

    void handle(Context ctx) {
        String token = Authenticator.bearerToken(ctx)
                .orElseThrow(() -> ApiFailure.unauthorized(
                        "joining needs a bootstrap token: send \"Authorization: Bearer <bootstrap token>\""));
        if (!bootstrapTokens.test(token)) {
            throw ApiFailure.unauthorized(
                    "the bootstrap token is not valid; ask the control plane's operator for a current one");
        }
        String node = nodeName(ctx.body());
        Responses.json(ctx, 200, new JoinResponse(node, credentials.issue(node), null, null));
    }

    private static String nodeName(String body) {
        JsonNode tree;
        try {
            tree = ResourceCodec.get().json().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiFailure.badRequest(
                    "the join request is not JSON: " + e.getOriginalMessage() + "; send {\"nodeName\":\"<name>\"}");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiFailure.badRequest("the join request must be a JSON object: {\"nodeName\":\"<name>\"}");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("nodeName")) {
                throw ApiFailure.invalid(field, "unknown field \"" + field + "\" (known fields: nodeName)");
            }
        }
        JsonNode name = tree.get("nodeName");
        if (name != null && !name.isTextual()) {
            throw ApiFailure.invalid("nodeName", "expected a string");
        }
        String value = name == null ? null : name.asText();
        String problem = Names.checkSubdomain(value);
        if (problem != null) {
            throw ApiFailure.invalid("nodeName", "nodeName: " + problem);
        }
        return value;
    }
}
