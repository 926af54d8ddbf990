package dev.continuum.controller.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with a few worker threads: take a key,
 * reconcile it, act on the {@link ReconcileResult}, release the key.
 *
 * <pre>
 *   Done            → forget failures
 *   RequeueAfter(d) → forget failures, add the key again after d
 *   Retry(reason)   → add the key again after the backoff of one more failure
 *   (exception)     → logged, then as Retry
 * </pre>
 *
 * Start once, close once; {@link #close()} shuts the queue down and waits for the workers to finish
 * their current key.
 */
public final class ControllerRunner<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerRunner.class);

    private final String name;
    private final WorkQueue<K> queue;
    private final Reconciler<K> reconciler;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    public ControllerRunner(String name, WorkQueue<K> queue, Reconciler<K> reconciler, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a controller needs at least one worker, got " + workers);
        }
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.workers = workers;
    }

    public String name() {
        return name;
    }

    public WorkQueue<K> queue() {
        return queue;
    }

    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(name + " already started");
        }
        started = true;
        for (int i = 1; i <= workers; i++) {
            threads.add(
                    Thread.ofPlatform().name(name + "-worker-" + i).daemon(true).start(this::work));
        }
    }

    /** True while started, not closed, and every worker is alive. */
    public boolean running() {
        if (!started || closed) {
            return false;
        }
        synchronized (this) {
            return threads.stream().allMatch(Thread::isAlive);
        }
    }

    private void work() {
        while (true) {
            Optional<K> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            K key = next.get();
            try {
                handle(key);
            } finally {
                queue.done(key);
            }
        }
    }

    private void handle(K key) {
        ReconcileResult result;
        try {
            result = reconciler.reconcile(key);
        } catch (RuntimeException e) {
            LOG.warn("{}: reconciling {} failed", name, key, e);
            result = ReconcileResult.retry(e.toString());
        }
        switch (result) {
            case ReconcileResult.Done d -> queue.forget(key);
            case ReconcileResult.RequeueAfter r -> {
                queue.forget(key);
                queue.addAfter(key, r.delay());
            }
            case ReconcileResult.Retry r -> {
                var delay = queue.addRateLimited(key);
                LOG.debug("{}: retrying {} in {}: {}", name, key, delay, r.reason());
            }
        }
    }

    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toJoin = List.copyOf(threads);
        }
        queue.shutDown();
        for (Thread t : toJoin) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
