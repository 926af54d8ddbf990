package dev.continuum.controller.runtime;

/**
 * Brings one key to its desired state. Implementations read the informer caches (a recent, not
 * necessarily the latest, view), write through the store, and return what should happen next.
 *
 * <p>Contract: idempotent — called any number of times for the same state it changes nothing the
 * second time; level-based — it looks at the whole current state of the key, never at which event
 * woke it; never called concurrently for the same key (the {@link WorkQueue} guarantees it), but
 * called concurrently for different keys when the runner has several workers.
 */
@FunctionalInterface
public interface Reconciler<K> {

    ReconcileResult reconcile(K key);
}
