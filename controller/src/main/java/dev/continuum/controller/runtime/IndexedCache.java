package dev.continuum.controller.runtime;

import dev.continuum.model.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The objects an {@link Informer} has seen, by key and by named indexes (e.g. Instances by owning
 * application, or by node). Readers get immutable records, so what they hold never changes under
 * them; the cache itself is only written by its informer.
 *
 * <p>Thread-safe: any number of readers, one writer.
 */
public final class IndexedCache<T extends Resource> {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<ObjectKey, T> items = new HashMap<>();
    private final Map<String, Function<T, Collection<String>>> indexers = new LinkedHashMap<>();
    private final Map<String, Map<String, Set<ObjectKey>>> indices = new HashMap<>();

    IndexedCache() {}

    /** Adds an index; only before the first object arrives. */
    void addIndex(String name, Function<T, Collection<String>> indexer) {
        lock.writeLock().lock();
        try {
            if (!items.isEmpty()) {
                throw new IllegalStateException("index " + name + " added after objects arrived");
            }
            if (indexers.putIfAbsent(name, indexer) != null) {
                throw new IllegalArgumentException("index " + name + " exists already");
            }
            indices.put(name, new HashMap<>());
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Optional<T> get(ObjectKey key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every object, in no particular order. */
    public List<T> list() {
        lock.readLock().lock();
        try {
            return List.copyOf(items.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    public Set<ObjectKey> keys() {
        lock.readLock().lock();
        try {
            return Set.copyOf(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return items.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The objects whose index {@code index} holds {@code value}, in no particular order. */
    public List<T> byIndex(String index, String value) {
        lock.readLock().lock();
        try {
            Map<String, Set<ObjectKey>> byValue = indices.get(index);
            if (byValue == null) {
                throw new IllegalArgumentException("no index " + index);
            }
            Set<ObjectKey> keys = byValue.getOrDefault(value, Set.of());
            List<T> out = new ArrayList<>(keys.size());
            for (ObjectKey k : keys) {
                out.add(items.get(k));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stores {@code object}; returns what it replaced, or null. */
    T put(T object) {
        ObjectKey key = ObjectKey.of(object);
        lock.writeLock().lock();
        try {
            T old = items.put(key, object);
            if (old != null) {
                unindex(key, old);
            }
            index(key, object);
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the object with {@code key}; returns it, or null. */
    T remove(ObjectKey key) {
        lock.writeLock().lock();
        try {
            T old = items.remove(key);
            if (old != null) {
                unindex(key, old);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void index(ObjectKey key, T object) {
        indexers.forEach((name, fn) -> {
            Map<String, Set<ObjectKey>> byValue = indices.get(name);
            for (String value : values(fn, object)) {
                byValue.computeIfAbsent(value, v -> new HashSet<>()).add(key);
            }
        });
    }

    private void unindex(ObjectKey key, T object) {
        indexers.forEach((name, fn) -> {
            Map<String, Set<ObjectKey>> byValue = indices.get(name);
            for (String value : values(fn, object)) {
                Set<ObjectKey> keys = byValue.get(value);
                if (keys != null) {
                    keys.remove(key);
                    if (keys.isEmpty()) {
                        byValue.remove(value);
                    }
                }
            }
        });
    }

    private Collection<String> values(Function<T, Collection<String>> fn, T object) {
        Collection<String> values = fn.apply(object);
        return values == null ? List.of() : values;
    }
}
