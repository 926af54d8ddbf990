package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.continuum.model.Application;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Node;
import dev.continuum.model.Resource;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.Page;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The REST verbs on resources (get, list, create, update, status update, delete) over a {@link
 * ResourceStore}, with the store's outcomes mapped to the API's errors: {@code NOT_FOUND} 404,
 * {@code ALREADY_EXISTS} and {@code CONFLICT} 409. Watches are handed to {@link WatchStreams}.
 */
final class ResourceHandlers {

    private final ResourceStore store;
    private final WatchStreams watches;
    private final Authorization authorization;
    private final ModuleSigningPolicy signing;
    private final TenancyPolicy tenancy;
    private final ObjectMapper json = ResourceCodec.get().json();

    ResourceHandlers(ResourceStore store, WatchStreams watches, Authorization authorization) {
        this.store = store;
        this.watches = watches;
        this.authorization = authorization;
        this.signing = new ModuleSigningPolicy(store);
        this.tenancy = new TenancyPolicy(store);
    }

    void collectionGet(Context ctx, boolean namespaced) throws IOException {
        ResourcePath path = ResourcePath.collection(ctx, namespaced);
        SelectorQuery selector =
                SelectorQuery.parse(ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector"), path.kind());
        boolean watch = QueryParams.flag(ctx, "watch");
        authorization.requireList(
                Authenticator.identityOf(ctx), watch ? Verb.WATCH : Verb.LIST, path.kind(), path.namespace(), selector);
        if (watch) {
            ctx.attribute(ApiMetrics.VERB, "WATCH");
            long from = QueryParams.nonNegative(ctx, "resourceVersion", WatchStreams.NOW);
            watches.serve(ctx, path.kind().type(), path.namespace(), selector, from);
            return;
        }
        list(ctx, path.kind().type(), path.namespace(), selector);
    }

    private <T extends Resource> void list(Context ctx, Class<T> type, String namespace, SelectorQuery selector) {
        Page<T> page = store.list(type, namespace);
        Kind kind = Kind.of(type);
        ObjectNode envelope = json.createObjectNode();
        envelope.put("apiVersion", Resource.API_VERSION);
        envelope.put("kind", kind.kindName() + "List");
        envelope.putObject("metadata").put("resourceVersion", page.revision());
        ArrayNode items = envelope.putArray("items");
        for (T item : page.items()) {
            if (selector.matches(item)) {
                items.add(json.valueToTree(item));
            }
        }
        Responses.json(ctx, 200, envelope);
    }

    void create(Context ctx, boolean namespaced) {
        ResourcePath path = ResourcePath.collection(ctx, namespaced);
        if (!namespaced && path.kind().namespaced()) {
            throw ApiFailure.notFound(path.kind().plural() + " are namespaced: POST to /api/v1/namespaces/{namespace}/"
                    + path.kind().plural());
        }
        create(ctx, path.kind().type(), path.namespace());
    }

    private <T extends Resource> void create(Context ctx, Class<T> type, String namespace) {
        Identity who = Authenticator.identityOf(ctx);
        Kind kind = Kind.of(type);
        authorization.require(who, Verb.CREATE, kind, namespace, null);
        T admitted = Admission.admit(ctx.body(), ctx.contentType(), type, namespace, null);
        authorization.require(
                who,
                Verb.CREATE,
                kind,
                admitted.metadata().namespace(),
                admitted.metadata().name());
        if (admitted instanceof Event event) {
            authorization.requireOwnEvent(who, event, e -> boundTo(who, e));
        }
        signing.check(admitted);
        tenancy.check(admitted);
        Result<T> result = store.create(admitted);
        switch (result.outcome()) {
            case OK -> Responses.json(ctx, 201, result.value());
            case ALREADY_EXISTS ->
                throw ApiFailure.alreadyExists(
                        describe(admitted) + " already exists; change it with PUT, or delete it" + " first");
            default -> throw new IllegalStateException("create answered " + result.outcome());
        }
    }

    void get(Context ctx, boolean namespaced) {
        ResourcePath path = ResourcePath.item(ctx, namespaced);
        if (QueryParams.flag(ctx, "watch")) {
            throw ApiFailure.badRequest(
                    "watch",
                    "watch a collection, not an item: GET the collection with"
                            + " watch=true&fieldSelector=metadata.name=" + path.name());
        }
        Identity who = Authenticator.identityOf(ctx);
        authorization.require(who, Verb.GET, path.kind(), path.namespace(), path.name());
        Resource found =
                store.get(path.kind().type(), path.namespace(), path.name()).orElseThrow(() -> notFound(path));
        authorization.requireBound(who, Verb.GET, found);
        Responses.json(ctx, 200, found);
    }

    void update(Context ctx, boolean namespaced, boolean status) {
        ResourcePath path = ResourcePath.item(ctx, namespaced);
        if (status && !hasStatus(path.kind())) {
            throw ApiFailure.notFound(path.kind().plural() + " have no status subresource");
        }
        update(ctx, path, path.kind().type(), status);
    }

    private <T extends Resource> void update(Context ctx, ResourcePath path, Class<T> type, boolean status) {
        Identity who = Authenticator.identityOf(ctx);
        authorization.require(
                who, status ? Verb.UPDATE_STATUS : Verb.UPDATE, path.kind(), path.namespace(), path.name());
        T admitted = Admission.admit(ctx.body(), ctx.contentType(), type, path.namespace(), path.name());
        if (authorization.enforced() && who.isNode()) {
            admitted = nodeChecked(who, path, type, admitted, status);
        }
        if (!status) {
            signing.check(admitted);
            tenancy.check(admitted);
        }
        Result<T> result = status ? store.updateStatus(admitted) : store.update(admitted);
        switch (result.outcome()) {
            case OK -> Responses.json(ctx, 200, result.value());
            case NOT_FOUND -> throw notFound(path);
            case CONFLICT -> throw conflict(path, admitted.metadata().resourceVersion(), result.value());
            default -> throw new IllegalStateException("update answered " + result.outcome());
        }
    }

    /**
     * A node's write, checked against what is stored: its Instances must be bound to it (and the
     * write made conditional on that, so a rebinding in between makes it a conflict), its Node's
     * labels, annotations and spec must not change.
     */
    private <T extends Resource> T nodeChecked(
            Identity who, ResourcePath path, Class<T> type, T admitted, boolean status) {
        T stored = store.get(type, path.namespace(), path.name()).orElseThrow(() -> notFound(path));
        authorization.requireBound(who, status ? Verb.UPDATE_STATUS : Verb.UPDATE, stored);
        if (stored instanceof Node storedNode && !status) {
            authorization.requireNodeSpecUnchanged(who, storedNode, (Node) admitted);
        }
        if (admitted.metadata().resourceVersion() == 0) {
            @SuppressWarnings("unchecked")
            T pinned = (T) admitted.withMetadata(
                    admitted.metadata().withResourceVersion(stored.metadata().resourceVersion()));
            return pinned;
        }
        return admitted;
    }

    void statusGet(Context ctx, boolean namespaced) {
        ResourcePath path = ResourcePath.item(ctx, namespaced);
        if (!hasStatus(path.kind())) {
            throw ApiFailure.notFound(path.kind().plural() + " have no status subresource");
        }
        get(ctx, namespaced);
    }

    void delete(Context ctx, boolean namespaced) {
        ResourcePath path = ResourcePath.item(ctx, namespaced);
        authorization.require(Authenticator.identityOf(ctx), Verb.DELETE, path.kind(), path.namespace(), path.name());
        long expected = QueryParams.revision(ctx);
        Result<? extends Resource> result = store.delete(path.kind().type(), path.namespace(), path.name(), expected);
        switch (result.outcome()) {
            case OK -> Responses.json(ctx, 200, result.value());
            case NOT_FOUND -> throw notFound(path);
            case CONFLICT -> throw conflict(path, expected, result.value());
            default -> throw new IllegalStateException("delete answered " + result.outcome());
        }
    }

    /** Whether the Instance an Event is about is in the Event's namespace and bound to the calling node. */
    private boolean boundTo(Identity who, Event event) {
        var about = event.spec().involvedObject();
        String namespace = about.namespace() == null ? event.metadata().namespace() : about.namespace();
        return namespace.equals(event.metadata().namespace())
                && store.get(Instance.class, namespace, about.name())
                        .map(i -> who.name().equals(i.spec().node()))
                        .orElse(false);
    }

    static boolean hasStatus(Kind kind) {
        Class<?> type = kind.type();
        return type == Node.class || type == Application.class || type == Instance.class;
    }

    private static String describe(Resource r) {
        return r.kind() + " " + r.metadata().qualifiedName();
    }

    private static ApiFailure notFound(ResourcePath path) {
        return ApiFailure.notFound(path.describe() + " not found");
    }

    private static ApiFailure conflict(ResourcePath path, long expected, Resource current) {
        long now = current == null ? 0 : current.metadata().resourceVersion();
        return ApiFailure.conflict(path.describe() + " was changed since resourceVersion " + expected
                + " (it is now at " + now + "); read it again, reapply your change and retry");
    }
}
