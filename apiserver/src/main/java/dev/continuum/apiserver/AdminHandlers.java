package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.DurationText;
import dev.continuum.model.api.BootstrapTokenInfo;
import dev.continuum.model.api.UserInfo;
import dev.continuum.model.api.WhoAmI;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The routes that manage credentials, for cluster administrators (and {@code whoami} for anyone):
 *
 * <pre>
 *   POST   /api/v1/bootstraptokens           {"ttl":"1h","description":".."}  ─▶ 201 with the token, once
 *   GET    /api/v1/bootstraptokens                                            ─▶ the current ones, no secrets
 *   DELETE /api/v1/bootstraptokens/{id}
 *   POST   /api/v1/users                     {"name","clusterAdmin","roles"}  ─▶ 201 with the user's token
 *   GET    /api/v1/users[/{name}]
 *   PUT    /api/v1/users/{name}              {"clusterAdmin","roles"}         ─▶ roles replaced, token kept
 *   POST   /api/v1/users/{name}/token                                         ─▶ a new token; the old one stops
 *   DELETE /api/v1/users/{name}
 *   DELETE /api/v1/nodes/{name}/credentials                                   ─▶ the node's certificates and token stop
 *   GET    /api/v1/whoami
 * </pre>
 */
final class AdminHandlers {

    static final String TOKENS = "/api/v1/bootstraptokens";
    static final String USERS = "/api/v1/users";
    static final String NODE_CREDENTIALS = "/api/v1/nodes/{name}/credentials";
    static final String WHOAMI = "/api/v1/whoami";

    private final BootstrapTokenStore bootstrapTokens;
    private final UserRegistry users;
    private final NodeCertificates certificates;
    private final BearerTokens nodeTokens;
    private final Authorization authorization;
    private final ApiTls tls;

    AdminHandlers(
            BootstrapTokenStore bootstrapTokens,
            UserRegistry users,
            NodeCertificates certificates,
            BearerTokens nodeTokens,
            Authorization authorization,
            ApiTls tls) {
        this.bootstrapTokens = bootstrapTokens;
        this.users = users;
        this.certificates = certificates;
        this.nodeTokens = nodeTokens;
        this.authorization = authorization;
        this.tls = tls;
    }

    private Identity admin(Context ctx, String what) {
        Identity who = Authenticator.identityOf(ctx);
        authorization.requireClusterAdmin(who, what);
        return who;
    }

    void createToken(Context ctx) {
        Identity who = admin(ctx, "create bootstrap tokens");
        JsonNode body = JsonBodies.object(
                ctx.body(), Set.of("ttl", "description"), "{\"ttl\":\"1h\",\"description\":\"<what it is for>\"}");
        String ttlText = JsonBodies.text(body, "ttl");
        Duration ttl;
        try {
            ttl = ttlText == null ? Duration.ofHours(1) : DurationText.parse(ttlText);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.invalid("ttl", "ttl: " + e.getMessage());
        }
        BootstrapTokenInfo created = bootstrapTokens.create(ttl, JsonBodies.text(body, "description"), who.toString());
        Responses.json(
                ctx,
                201,
                new BootstrapTokenInfo(
                        created.id(),
                        created.token(),
                        null,
                        created.expires(),
                        created.description(),
                        created.createdBy(),
                        tls == null ? null : tls.ca().pin().toString()));
    }

    void listTokens(Context ctx) {
        admin(ctx, "list bootstrap tokens");
        Responses.json(ctx, 200, Map.of("items", bootstrapTokens.list()));
    }

    void deleteToken(Context ctx) {
        admin(ctx, "delete bootstrap tokens");
        String id = ctx.pathParam("id");
        if (!bootstrapTokens.delete(id)) {
            throw ApiFailure.notFound("no bootstrap token " + id + " (it expired, or was never created)");
        }
        Responses.json(ctx, 200, Map.of("id", id, "deleted", true));
    }

    void createUser(Context ctx) {
        admin(ctx, "create users");
        JsonNode body = JsonBodies.object(
                ctx.body(),
                Set.of("name", "clusterAdmin", "roles"),
                "{\"name\":\"alice\",\"roles\":{\"team-a\":\"editor\"}}");
        UserInfo created = users.create(
                JsonBodies.text(body, "name"),
                JsonBodies.flag(body, "clusterAdmin"),
                JsonBodies.strings(body, "roles"));
        Responses.json(ctx, 201, created);
    }

    void listUsers(Context ctx) {
        admin(ctx, "list users");
        Responses.json(ctx, 200, Map.of("items", users.list()));
    }

    void getUser(Context ctx) {
        admin(ctx, "read users");
        String name = ctx.pathParam("name");
        UserInfo user = users.list().stream()
                .filter(u -> u.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiFailure.notFound("user " + name + " not found"));
        Responses.json(ctx, 200, user);
    }

    void updateUser(Context ctx) {
        admin(ctx, "change users");
        JsonNode body = JsonBodies.object(
                ctx.body(), Set.of("name", "clusterAdmin", "roles"), "{\"roles\":{\"team-a\":\"viewer\"}}");
        String name = ctx.pathParam("name");
        String given = JsonBodies.text(body, "name");
        if (given != null && !given.equals(name)) {
            throw ApiFailure.badRequest("name", "name: \"" + given + "\" differs from the path's \"" + name + "\"");
        }
        Responses.json(
                ctx, 200, users.update(name, JsonBodies.flag(body, "clusterAdmin"), JsonBodies.strings(body, "roles")));
    }

    void rotateUserToken(Context ctx) {
        admin(ctx, "give users new tokens");
        Responses.json(ctx, 200, users.rotateToken(ctx.pathParam("name")));
    }

    void deleteUser(Context ctx) {
        Identity who = admin(ctx, "delete users");
        String name = ctx.pathParam("name");
        if (who.isUser() && who.name().equals(name)) {
            throw ApiFailure.badRequest("a cluster administrator cannot delete themselves; another administrator can");
        }
        if (!users.delete(name)) {
            throw ApiFailure.notFound("user " + name + " not found");
        }
        Responses.json(ctx, 200, Map.of("name", name, "deleted", true));
    }

    void revokeNode(Context ctx) {
        admin(ctx, "revoke node credentials");
        String node = ctx.pathParam("name");
        boolean hadCertificate = certificates.revoke(node);
        nodeTokens.revoke(node);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("node", node);
        answer.put("revoked", true);
        answer.put("hadCertificate", hadCertificate);
        Responses.json(ctx, 200, answer);
    }

    void whoami(Context ctx) {
        Identity who = Authenticator.identityOf(ctx);
        Map<String, String> roles = new LinkedHashMap<>();
        who.roles().forEach((ns, role) -> roles.put(ns, role.wireName()));
        Responses.json(
                ctx,
                200,
                new WhoAmI(
                        who.name(), who.type().name().toLowerCase(java.util.Locale.ROOT), who.clusterAdmin(), roles));
    }
}
