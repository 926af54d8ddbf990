package dev.continuum.controller.runtime;

import java.util.function.Consumer;

/**
 * Hears an {@link Informer}'s cache change. Called on the informer's delivery thread, in store
 * revision order, one call at a time: implementations must be quick and must not block — map the
 * change to keys and put them on a work queue.
 */
public interface ResourceHandler<T> {

    void onAdd(T object);

    void onUpdate(T old, T now);

    /** The object as it was last seen. */
    void onDelete(T last);

    /** A handler that calls {@code action} with every object that appears, changes or goes. */
    static <T> ResourceHandler<T> any(Consumer<T> action) {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T old, T now) {
                action.accept(now);
            }

            @Override
            public void onDelete(T last) {
                action.accept(last);
            }
        };
    }
}
