package dev.continuum.client;

import dev.continuum.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler that keeps what a reflector told it: the objects by name, and the calls it got. */
final class RecordingHandler<T extends Resource> implements WatchHandler<T> {

    final Map<String, T> state = new ConcurrentHashMap<>();
    final AtomicInteger snapshots = new AtomicInteger();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Boolean> connectivity = new CopyOnWriteArrayList<>();
    final List<ApiException> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();

    @Override
    public void onSnapshot(List<T> objects, long revision) {
        state.clear();
        objects.forEach(o -> state.put(o.metadata().name(), o));
        snapshots.incrementAndGet();
    }

    @Override
    public void onEvent(WatchEventType type, T object) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the handler failed on purpose");
        }
        if (type == WatchEventType.DELETED) {
            state.remove(object.metadata().name());
        } else {
            state.put(object.metadata().name(), object);
        }
        events.add(type + " " + object.metadata().name());
    }

    @Override
    public void onConnectionChange(boolean connected) {
        connectivity.add(connected);
    }

    @Override
    public void onError(ApiException error) {
        errors.add(error);
    }

    /** The names it holds, sorted, with each object's first component's replicas when it has one. */
    Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        state.forEach((name, o) -> out.put(name, o.metadata().resourceVersion()));
        return out;
    }

    List<String> names() {
        return List.copyOf(new TreeMap<>(state).keySet());
    }

    boolean connected() {
        return !connectivity.isEmpty() && connectivity.getLast();
    }
}
