package dev.continuum.client;

import dev.continuum.model.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe cache of the objects a {@link Reflector} follows: the latest version of each, kept
 * current by the reflector's snapshots and events and kept as it was (stale, never emptied) while
 * the server cannot be reached. Reads never touch the network. An optional listener hears each
 * change after the cache holds it.
 */
public final class Informer<T extends Resource> implements AutoCloseable {

    private final Map<String, T> objects = new ConcurrentHashMap<>();
    private final WatchHandler<T> listener;
    private volatile Reflector<T> reflector;

    Informer(WatchHandler<T> listener) {
        this.listener = listener;
    }

    void attach(Reflector<T> value) {
        this.reflector = value;
    }

    WatchHandler<T> handler() {
        return new WatchHandler<>() {
            @Override
            public void onSnapshot(List<T> snapshot, long revision) {
                Map<String, T> fresh = new HashMap<>();
                for (T o : snapshot) {
                    fresh.put(key(o.metadata().namespace(), o.metadata().name()), o);
                }
                // Add first, then drop: a reader never misses an object that exists on both sides.
                objects.putAll(fresh);
                objects.keySet().retainAll(fresh.keySet());
                if (listener != null) {
                    listener.onSnapshot(snapshot, revision);
                }
            }

            @Override
            public void onEvent(WatchEventType type, T object) {
                String key =
                        key(object.metadata().namespace(), object.metadata().name());
                if (type == WatchEventType.DELETED) {
                    objects.remove(key);
                } else {
                    objects.put(key, object);
                }
                if (listener != null) {
                    listener.onEvent(type, object);
                }
            }

            @Override
            public void onConnectionChange(boolean connected) {
                if (listener != null) {
                    listener.onConnectionChange(connected);
                }
            }

            @Override
            public void onError(ApiException error) {
                if (listener != null) {
                    listener.onError(error);
                }
            }
        };
    }

    private static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    /** The cached object; {@code namespace} is null for cluster-scoped kinds. */
    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(objects.get(key(namespace, name)));
    }

    /** Every cached object, in no particular order. */
    public List<T> list() {
        return List.copyOf(objects.values());
    }

    /** Whether the cache has been filled from a first listing. */
    public boolean hasSynced() {
        Reflector<T> r = reflector;
        return r != null && r.synced();
    }

    public boolean connected() {
        Reflector<T> r = reflector;
        return r != null && r.connected();
    }

    /** The revision the cache is at. */
    public long revision() {
        Reflector<T> r = reflector;
        return r == null ? 0 : r.revision();
    }

    @Override
    public void close() {
        Reflector<T> r = reflector;
        if (r != null) {
            r.close();
        }
    }
}
