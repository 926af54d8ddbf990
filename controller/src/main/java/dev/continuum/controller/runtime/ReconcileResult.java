package dev.continuum.controller.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Reconciler} decided about a key, as a value the runner acts on:
 *
 * <ul>
 *   <li>{@link #done()}: the key is at its desired state; forget its failures and wait for the next
 *       change;
 *   <li>{@link #requeueAfter(Duration)}: fine for now, but look again after this long (a lease that
 *       will expire, a pending wait) — failures are forgotten;
 *   <li>{@link #retry(String)}: something expected went wrong (a write conflict, a name taken); try
 *       again with the queue's exponential backoff.
 * </ul>
 *
 * A reconciler that throws is treated like {@code retry} with the exception as the reason, and the
 * exception is logged: exceptions are faults, these values are outcomes.
 */
public sealed interface ReconcileResult {

    static ReconcileResult done() {
        return Done.INSTANCE;
    }

    static ReconcileResult requeueAfter(Duration delay) {
        return new RequeueAfter(delay);
    }

    static ReconcileResult retry(String reason) {
        return new Retry(reason);
    }

    /** The key needs nothing more until it changes. */
    enum Done implements ReconcileResult {
        INSTANCE
    }

    /** Reconcile the key again after {@code delay}, or sooner if it changes. */
    record RequeueAfter(Duration delay) implements ReconcileResult {
        public RequeueAfter {
            Objects.requireNonNull(delay, "delay");
            delay = delay.isNegative() ? Duration.ZERO : delay;
        }
    }

    /** Reconcile the key again after the queue's backoff for its failure count. */
    record Retry(String reason) implements ReconcileResult {
        public Retry {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
