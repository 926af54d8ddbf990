package dev.continuum.client;

import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import dev.continuum.model.validation.Defaults;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The URLs of the API's resources on one server, as {@code docs/api.md} lays them out. A namespaced
 * item without a namespace is taken to be in {@code default}, as admission would place it.
 */
record ApiPaths(URI server) {

    /** {@code /api/v1/{plural}}, or {@code /api/v1/namespaces/{ns}/{plural}} for one namespace. */
    URI collection(Kind kind, String namespace) {
        if (!kind.namespaced() || namespace == null) {
            return URI.create(server + "/api/v1/" + kind.plural());
        }
        return URI.create(server + "/api/v1/namespaces/" + segment(namespace) + "/" + kind.plural());
    }

    URI item(Kind kind, String namespace, String name) {
        Objects.requireNonNull(name, "name");
        String ns = kind.namespaced() ? (namespace == null ? Defaults.NAMESPACE : namespace) : null;
        return URI.create(collection(kind, ns) + "/" + segment(name));
    }

    URI item(Resource r) {
        return item(r.resourceKind(), namespaceOf(r), r.metadata().name());
    }

    /** Where {@code r} is created. */
    URI collection(Resource r) {
        return collection(r.resourceKind(), namespaceOf(r));
    }

    URI root(String path) {
        return URI.create(server + path);
    }

    static URI subresource(URI item, String name) {
        return URI.create(item + "/" + name);
    }

    static URI withQuery(URI uri, String query) {
        return query.isEmpty() ? uri : URI.create(uri + "?" + query);
    }

    private static String namespaceOf(Resource r) {
        if (!r.resourceKind().namespaced()) {
            return null;
        }
        return r.metadata().namespace() == null
                ? Defaults.NAMESPACE
                : r.metadata().namespace();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
