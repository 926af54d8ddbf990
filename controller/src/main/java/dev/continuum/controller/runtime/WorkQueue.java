package dev.continuum.controller.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

/**
 * The keys a controller still has to reconcile, as in client-go's rate-limited delaying queue:
 *
 * <ul>
 *   <li><b>deduplicated</b>: a key added while it waits is queued once; FIFO otherwise;
 *   <li><b>one in flight per key</b>: a key added while a worker holds it is queued again only when
 *       the worker calls {@link #done}, so one key is never reconciled twice at once;
 *   <li><b>delayed</b>: {@link #addAfter} adds the key when the delay is over (the earliest of
 *       several pending delays wins);
 *   <li><b>rate-limited</b>: {@link #addRateLimited} waits the {@link RetryBackoff} delay of the key's
 *       failure count, which {@link #forget} resets.
 * </ul>
 *
 * <pre>
 *   add ──► queued ──take──► in flight ──done──► (gone, or queued again if added meanwhile)
 *   addAfter / addRateLimited ──(Timer)──► add
 * </pre>
 *
 * Thread-safe. {@link #take} blocks until a key is ready or the queue shuts down.
 */
public final class WorkQueue<K> {

    private final String name;
    private final Clock clock;
    private final Timer timer;
    private final RetryBackoff backoff;
    private final DoubleSupplier random;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Instant> waiting = new HashMap<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private boolean shutDown;

    /**
     * @param random values in [0, 1) that pick each retry's jitter
     */
    public WorkQueue(String name, Clock clock, Timer timer, RetryBackoff backoff, DoubleSupplier random) {
        this.name = name;
        this.clock = clock;
        this.timer = timer;
        this.backoff = backoff;
        this.random = random;
    }

    public String name() {
        return name;
    }

    /** Queues {@code key} unless it is queued already. */
    public void add(K key) {
        lock.lock();
        try {
            if (shutDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                queue.addLast(key);
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after {@code delay}; a zero or negative delay queues it now. */
    public void addAfter(K key, Duration delay) {
        if (!delay.isPositive()) {
            add(key);
            return;
        }
        Instant due = clock.instant().plus(delay);
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            Instant pending = waiting.get(key);
            if (pending != null && !pending.isAfter(due)) {
                return; // an earlier wake-up is already set
            }
            waiting.put(key, due);
        } finally {
            lock.unlock();
        }
        timer.schedule(delay, () -> wake(key, due));
    }

    private void wake(K key, Instant due) {
        lock.lock();
        try {
            if (!due.equals(waiting.get(key))) {
                return; // superseded by an earlier wake-up that has fired
            }
            waiting.remove(key);
        } finally {
            lock.unlock();
        }
        add(key);
    }

    /** Queues {@code key} after the backoff of one more failure; returns that delay. */
    public Duration addRateLimited(K key) {
        int n;
        lock.lock();
        try {
            n = failures.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        Duration delay = backoff.delay(n, random.getAsDouble());
        addAfter(key, delay);
        return delay;
    }

    /** Forgets the failures of {@code key}: its next retry starts from the base delay. */
    public void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** How many times in a row {@code key} was retried. */
    public int failures(K key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next key, which the caller now holds until {@link #done}; waits for one. Empty once the
     * queue has shut down.
     */
    public Optional<K> take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shutDown) {
                ready.await();
            }
            if (shutDown) {
                return Optional.empty();
            }
            K key = queue.removeFirst();
            processing.add(key);
            dirty.remove(key);
            return Optional.of(key);
        } finally {
            lock.unlock();
        }
    }

    /** Releases a key taken with {@link #take}; queues it again if it was added meanwhile. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shutDown) {
                queue.addLast(key);
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be taken (not counting those in flight or waiting for a delay). */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** True while a key is queued or in flight (keys waiting for a delay do not count). */
    public boolean busy() {
        lock.lock();
        try {
            return !queue.isEmpty() || !processing.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** True while nothing is queued, in flight or waiting for a delay. */
    public boolean idle() {
        lock.lock();
        try {
            return queue.isEmpty() && processing.isEmpty() && waiting.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out keys: {@link #take} answers empty, adds are ignored. Idempotent. */
    public void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutDown() {
        lock.lock();
        try {
            return shutDown;
        } finally {
            lock.unlock();
        }
    }
}
