package dev.continuum.store;

import dev.continuum.model.Application;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Lease;
import dev.continuum.model.Namespace;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Resource;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.WriteResult.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources on top of a {@link StateStore}: keys by kind, namespace and name; JSON values;
 * {@code metadata.resourceVersion} is the key's modRevision and the compare-and-swap token.
 *
 * <p>Writes split like Kubernetes' main resource and {@code /status} subresource:
 * {@link #update} changes metadata and spec and keeps the stored status; {@link #updateStatus}
 * changes only the status. A write whose {@code resourceVersion} is not 0 succeeds only if the stored
 * object still has that version; 0 means "whatever is there". Thread-safe.
 */
public final class ResourceStore {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceStore.class);
    public static final String ROOT = "/registry/";

    private final StateStore store;
    private final Clock clock;
    private final Supplier<String> uids;
    private final ResourceCodec codec = ResourceCodec.get();

    public ResourceStore(StateStore store, Clock clock, Supplier<String> uids) {
        this.store = store;
        this.clock = clock;
        this.uids = uids;
    }

    public StateStore raw() {
        return store;
    }

    /** {@code /registry/{plural}/{namespace}/{name}}, or without the namespace for cluster-scoped kinds. */
    public static String key(Kind kind, String namespace, String name) {
        return prefix(kind, namespace) + name;
    }

    /** The prefix of all objects of a kind, or of one namespace when {@code namespace} is not null. */
    public static String prefix(Kind kind, String namespace) {
        if (!kind.namespaced() || namespace == null) {
            return ROOT + kind.plural() + "/";
        }
        return ROOT + kind.plural() + "/" + namespace + "/";
    }

    private static String keyOf(Resource r) {
        Kind kind = r.resourceKind();
        ObjectMeta m = r.metadata();
        if (kind.namespaced() && m.namespace() == null) {
            throw new IllegalArgumentException(kind.kindName() + " " + m.name() + " has no namespace");
        }
        return key(kind, kind.namespaced() ? m.namespace() : null, m.name());
    }

    public <T extends Resource> Optional<T> get(Class<T> type, String namespace, String name) {
        Kind kind = Kind.of(type);
        return store.get(key(kind, namespace, name)).map(kv -> decode(type, kv));
    }

    /** All objects of a kind, in one namespace or (namespace null) in all. */
    public <T extends Resource> Page<T> list(Class<T> type, String namespace) {
        Listing listing = store.list(prefix(Kind.of(type), namespace));
        List<T> items = new ArrayList<>(listing.items().size());
        for (KeyValue kv : listing.items()) {
            items.add(decode(type, kv));
        }
        return new Page<>(List.copyOf(items), listing.revision());
    }

    /**
     * Stores a new object, stamping uid, creation time and generation 1. Its status is kept as given
     * (the creator may know it, e.g. an agent registering its Node).
     */
    public <T extends Resource> Result<T> create(T resource) {
        ObjectMeta m = resource.metadata()
                .withUid(uids.get())
                .withCreationTimestamp(clock.instant())
                .withGeneration(1)
                .withResourceVersion(0);
        @SuppressWarnings("unchecked")
        T stamped = (T) resource.withMetadata(m);
        WriteResult w = store.create(keyOf(stamped), codec.encode(stamped));
        return result(resource, w);
    }

    /**
     * Replaces metadata (labels, annotations) and spec, keeping the stored status, uid and creation
     * time; increments the generation when the spec changed.
     */
    public <T extends Resource> Result<T> update(T resource) {
        return replace(resource, false);
    }

    /** Replaces the status only, keeping the stored metadata and spec. */
    public <T extends Resource> Result<T> updateStatus(T resource) {
        if (!Shapes.hasStatus(resource)) {
            throw new IllegalArgumentException(resource.kind() + " has no status");
        }
        return replace(resource, true);
    }

    private <T extends Resource> Result<T> replace(T resource, boolean statusOnly) {
        String key = keyOf(resource);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) resource.getClass();
        while (true) {
            Optional<KeyValue> stored = store.get(key);
            if (stored.isEmpty()) {
                return new Result<>(Outcome.NOT_FOUND, null);
            }
            T current = decode(type, stored.get());
            long expected = resource.metadata().resourceVersion();
            if (expected != 0 && expected != current.metadata().resourceVersion()) {
                return new Result<>(Outcome.CONFLICT, current);
            }
            T next = statusOnly ? Shapes.withStatusOf(current, resource) : merge(current, resource);
            WriteResult w = store.update(
                    key, codec.encode(stripVersion(next)), stored.get().modRevision());
            if (w.outcome() == Outcome.CONFLICT && expected == 0) {
                continue; // an unconditional write lost a race: read again and reapply
            }
            return result(resource, w);
        }
    }

    private <T extends Resource> T merge(T current, T incoming) {
        ObjectMeta cm = current.metadata();
        ObjectMeta im = incoming.metadata();
        boolean specChanged = !Objects.equals(Shapes.spec(current), Shapes.spec(incoming));
        ObjectMeta m = cm.withLabels(im.labels())
                .withAnnotations(im.annotations())
                .withGeneration(specChanged ? cm.generation() + 1 : cm.generation());
        T withSpec = Shapes.withStatusOf(incoming, current);
        @SuppressWarnings("unchecked")
        T out = (T) withSpec.withMetadata(m);
        return out;
    }

    /** Deletes an object; {@code expectedVersion} 0 deletes whatever is there. */
    public <T extends Resource> Result<T> delete(Class<T> type, String namespace, String name, long expectedVersion) {
        WriteResult w = store.delete(key(Kind.of(type), namespace, name), expectedVersion);
        return switch (w.outcome()) {
            case OK -> new Result<>(Outcome.OK, decode(type, w.current()));
            case NOT_FOUND -> new Result<>(Outcome.NOT_FOUND, null);
            default -> new Result<>(w.outcome(), decode(type, w.current()));
        };
    }

    /**
     * Follows changes of one kind (in one namespace, or all when null) after {@code afterRevision}.
     * Objects that cannot be decoded are logged and skipped.
     */
    public <T extends Resource> WatchStart watch(
            Class<T> type,
            String namespace,
            long afterRevision,
            Consumer<ResourceEvent<T>> listener,
            Runnable onCancel) {
        return store.watch(prefix(Kind.of(type), namespace), afterRevision, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                T object;
                try {
                    object = event.type() == WatchEvent.Type.DELETE
                            ? decodeAt(type, event.kv(), event.revision())
                            : decode(type, event.kv());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "skipping undecodable {} at revision {}", event.kv().key(), event.revision(), e);
                    return;
                }
                ResourceEvent.Type t = event.type() == WatchEvent.Type.DELETE
                        ? ResourceEvent.Type.DELETED
                        : event.created() ? ResourceEvent.Type.ADDED : ResourceEvent.Type.MODIFIED;
                listener.accept(new ResourceEvent<>(t, object, event.revision()));
            }

            @Override
            public void onCancelled(String reason) {
                onCancel.run();
            }
        });
    }

    private <T extends Resource> T decode(Class<T> type, KeyValue kv) {
        return decodeAt(type, kv, kv.modRevision());
    }

    private <T extends Resource> T decodeAt(Class<T> type, KeyValue kv, long version) {
        T r = codec.decode(kv.value(), type);
        @SuppressWarnings("unchecked")
        T out = (T) r.withMetadata(r.metadata().withResourceVersion(version));
        return out;
    }

    private static <T extends Resource> T stripVersion(T r) {
        @SuppressWarnings("unchecked")
        T out = (T) r.withMetadata(r.metadata().withResourceVersion(0));
        return out;
    }

    private <T extends Resource> Result<T> result(T like, WriteResult w) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) like.getClass();
        return new Result<>(w.outcome(), w.current() == null ? null : decode(type, w.current()));
    }

    /** Access to the spec and status of each kind, which share no supertype. */
    static final class Shapes {
        private Shapes() {}

        static boolean hasStatus(Resource r) {
            return r instanceof Node || r instanceof Application || r instanceof Instance;
        }

        static Object spec(Resource r) {
            return switch (r) {
                case Node n -> n.spec();
                case Application a -> a.spec();
                case Instance i -> i.spec();
                case Lease l -> l.spec();
                case Event e -> e.spec();
                case Namespace n -> n.spec();
            };
        }

        /** {@code target} with the status of {@code source} (same kind); kinds without status unchanged. */
        @SuppressWarnings("unchecked")
        static <T extends Resource> T withStatusOf(T target, T source) {
            return (T)
                    switch (target) {
                        case Node n -> n.withStatus(((Node) source).status());
                        case Application a -> a.withStatus(((Application) source).status());
                        case Instance i -> i.withStatus(((Instance) source).status());
                        case Lease l -> l;
                        case Event e -> e;
                        case Namespace n -> n;
                    };
        }
    }
}
