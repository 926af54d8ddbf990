package dev.continuum.scheduler.framework;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed slot in the {@link CycleState} where one plugin keeps its per-decision data. Create one
 * per plugin class as a constant; reading it is an array access, not a map lookup.
 */
public final class StateKey<T> {

    private static final AtomicInteger NEXT = new AtomicInteger();

    final int id;
    final Class<T> type;

    private StateKey(Class<T> type) {
        this.id = NEXT.getAndIncrement();
        this.type = type;
    }

    public static <T> StateKey<T> of(Class<T> type) {
        return new StateKey<>(type);
    }

    static int count() {
        return NEXT.get();
    }

    @Override
    public String toString() {
        return "StateKey[" + type.getSimpleName() + "#" + id + "]";
    }
}
