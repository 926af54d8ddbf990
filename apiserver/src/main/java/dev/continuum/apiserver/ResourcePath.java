package dev.continuum.apiserver;

import dev.continuum.model.Kind;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a resource path names: a kind, a namespace (null for cluster-scoped kinds and for the
 * all-namespaces collection of a namespaced kind) and, for item paths, a name. Only the REST plurals
 * ({@code nodes}, {@code applications}, ...) name kinds here; the CLI's short names do not.
 */
record ResourcePath(Kind kind, String namespace, String name) {

    static final String NAMESPACE = "namespace";
    static final String PLURAL = "plural";
    static final String NAME = "name";

    /** A collection: {@code /api/v1/{plural}} or {@code /api/v1/namespaces/{namespace}/{plural}}. */
    static ResourcePath collection(Context ctx, boolean namespaced) {
        Kind kind = kind(ctx.pathParam(PLURAL));
        if (namespaced) {
            requireNamespaced(kind, ctx);
            return new ResourcePath(kind, ctx.pathParam(NAMESPACE), null);
        }
        return new ResourcePath(kind, null, null);
    }

    /** An item: {@code /api/v1/{plural}/{name}} or {@code /api/v1/namespaces/{namespace}/{plural}/{name}}. */
    static ResourcePath item(Context ctx, boolean namespaced) {
        Kind kind = kind(ctx.pathParam(PLURAL));
        String name = ctx.pathParam(NAME);
        if (namespaced) {
            requireNamespaced(kind, ctx);
            return new ResourcePath(kind, ctx.pathParam(NAMESPACE), name);
        }
        if (kind.namespaced()) {
            throw ApiFailure.notFound(kind.plural() + " are namespaced: use /api/v1/namespaces/{namespace}/"
                    + kind.plural() + "/" + name);
        }
        return new ResourcePath(kind, null, name);
    }

    static Kind kind(String plural) {
        return Arrays.stream(Kind.values())
                .filter(k -> k.plural().equals(plural))
                .findFirst()
                .orElseThrow(() -> ApiFailure.notFound("unknown resource type \"" + plural + "\"; known: "
                        + Arrays.stream(Kind.values()).map(Kind::plural).collect(Collectors.joining(", "))));
    }

    private static void requireNamespaced(Kind kind, Context ctx) {
        if (!kind.namespaced()) {
            throw ApiFailure.notFound(kind.plural() + " are cluster-scoped: use /api/v1/" + kind.plural()
                    + (ctx.pathParamMap().containsKey(NAME) ? "/" + ctx.pathParam(NAME) : ""));
        }
    }

    /** {@code Application default/hello} or {@code Node n1}, for messages. */
    String describe() {
        return kind.kindName() + " " + (namespace == null ? name : namespace + "/" + name);
    }
}
