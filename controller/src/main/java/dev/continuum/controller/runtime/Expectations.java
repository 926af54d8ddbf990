package dev.continuum.controller.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The writes a controller made for an owner that its informer has not shown it yet, as in the
 * ReplicaSet controller: after creating two Instances, the next reconcile must not see the stale
 * cache, miss them, and create two more. An owner whose expectations are open is not acted on until
 * the informer reports every expected creation and deletion, or until {@code timeout} passes (a lost
 * event must not stall it forever).
 *
 * <p>Record an expectation <i>before</i> the write (the watch event may beat the write's return) and
 * {@linkplain #lower lower} it when the write fails. Thread-safe.
 */
public final class Expectations<O> {

    private final Clock clock;
    private final Duration timeout;
    private final Map<O, Pending> pending = new HashMap<>();

    public Expectations(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    private static final class Pending {
        final Set<String> creates = new HashSet<>();
        final Set<String> deletes = new HashSet<>();
        Instant deadline;

        boolean empty() {
            return creates.isEmpty() && deletes.isEmpty();
        }
    }

    /** {@code owner} is about to create an object called {@code name}. */
    public synchronized void expectCreate(O owner, String name) {
        open(owner).creates.add(name);
    }

    /** {@code owner} is about to delete the object called {@code name}. */
    public synchronized void expectDelete(O owner, String name) {
        open(owner).deletes.add(name);
    }

    private Pending open(O owner) {
        Pending p = pending.computeIfAbsent(owner, o -> new Pending());
        p.deadline = clock.instant().plus(timeout);
        return p;
    }

    /** The informer showed the creation of {@code name}. */
    public synchronized void observedCreate(O owner, String name) {
        Pending p = pending.get(owner);
        if (p != null) {
            p.creates.remove(name);
            dropIfEmpty(owner, p);
        }
    }

    /** The informer showed the deletion of {@code name}. */
    public synchronized void observedDelete(O owner, String name) {
        Pending p = pending.get(owner);
        if (p != null) {
            p.deletes.remove(name);
            dropIfEmpty(owner, p);
        }
    }

    /** The write of {@code name} failed or turned out unnecessary: stop waiting for it. */
    public synchronized void lower(O owner, String name) {
        Pending p = pending.get(owner);
        if (p != null) {
            p.creates.remove(name);
            p.deletes.remove(name);
            dropIfEmpty(owner, p);
        }
    }

    private void dropIfEmpty(O owner, Pending p) {
        if (p.empty()) {
            pending.remove(owner);
        }
    }

    /**
     * Zero when {@code owner} may be reconciled (nothing pending, or the wait timed out — then the
     * expectations are dropped); otherwise how much longer to wait at most.
     */
    public synchronized Duration remaining(O owner) {
        Pending p = pending.get(owner);
        if (p == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), p.deadline);
        if (!left.isPositive()) {
            pending.remove(owner);
            return Duration.ZERO;
        }
        return left;
    }

    /** Forgets everything about {@code owner}. */
    public synchronized void forget(O owner) {
        pending.remove(owner);
    }
}
