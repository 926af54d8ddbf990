package dev.continuum.controller.runtime;

import dev.continuum.model.Resource;
import dev.continuum.store.Page;
import dev.continuum.store.ResourceEvent;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Watch;
import dev.continuum.store.WatchStart;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link IndexedCache} of one kind in step with the store and tells its handlers what
 * changed: list, then watch from the listing's revision.
 *
 * <pre>
 *   start ──► LIST ──► WATCH(from the listing's revision) ──► events applied in revision order
 *              ▲          │ answers TooOld                       │ cancelled (the store closed,
 *              └──────────┴──────────────────────────────────────┘ or the watch fell too far behind)
 * </pre>
 *
 * A new listing is diffed against the cache: the handlers hear an add, an update or a delete for
 * each object that appeared, changed or vanished while the informer was not watching. Relisting,
 * rather than resuming from the last applied revision, is what a watch cancelled for falling behind
 * needs: its replay would be just as far behind. Store failures are retried with backoff on the
 * {@link Timer}; the first relist after a good watch is immediate.
 *
 * <p>Indexes and handlers are added before {@link #start()}. Handlers run on the watch's delivery
 * thread or the relist thread, one at a time and in revision order (see {@link ResourceHandler}).
 * The cache is safe to read from any thread. A watch event older than what the cache holds for the
 * same key is ignored.
 */
public final class Informer<T extends Resource> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Informer.class);

    private final ResourceStore store;
    private final Class<T> type;
    private final Timer timer;
    private final RetryBackoff backoff;
    private final String name;
    private final IndexedCache<T> cache = new IndexedCache<>();
    private final List<ResourceHandler<T>> handlers = new CopyOnWriteArrayList<>();
    private final ExecutorService relister;
    private final AtomicBoolean relistQueued = new AtomicBoolean();
    private final AtomicLong lists = new AtomicLong();

    /** Guards {@link #epoch}, {@link #watch}, cache writes and handler calls. */
    private final Object lock = new Object();

    private long epoch;
    private Watch watch;
    private volatile long revision;
    private volatile boolean started;
    private volatile boolean synced;
    private volatile boolean closed;
    private int failures;

    public Informer(ResourceStore store, Class<T> type, Timer timer) {
        this(store, type, timer, RetryBackoff.DEFAULT);
    }

    public Informer(ResourceStore store, Class<T> type, Timer timer, RetryBackoff backoff) {
        this.store = store;
        this.type = type;
        this.timer = timer;
        this.backoff = backoff;
        this.name = type.getSimpleName();
        this.relister = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("informer-" + name).factory());
    }

    /** Adds an index to the cache. Before {@link #start()} only. */
    public void addIndex(String index, Function<T, Collection<String>> indexer) {
        requireNotStarted();
        cache.addIndex(index, indexer);
    }

    /** Adds a handler. Before {@link #start()} only, so that every handler sees every object. */
    public void addHandler(ResourceHandler<T> handler) {
        requireNotStarted();
        handlers.add(handler);
    }

    public IndexedCache<T> cache() {
        return cache;
    }

    /** True once the first listing is in the cache. */
    public boolean synced() {
        return synced;
    }

    /** The newest store revision the cache reflects. */
    public long revision() {
        return revision;
    }

    /** How many times this informer listed the store (1 after a start with no relist since). */
    public long lists() {
        return lists.get();
    }

    /**
     * Lists the store into the cache (the handlers hear an add per object) and starts watching.
     * Returns once the cache is synced.
     *
     * @throws dev.continuum.store.StoreException when the first listing fails
     */
    public void start() {
        synchronized (lock) {
            requireNotStarted();
            started = true;
        }
        long listed = list();
        startWatch(listed);
    }

    private void requireNotStarted() {
        if (started) {
            throw new IllegalStateException("informer of " + name + " already started");
        }
    }

    /** Lists the store and brings the cache to the listing; returns the listing's revision. */
    private long list() {
        long myEpoch;
        synchronized (lock) {
            myEpoch = ++epoch;
            closeWatch();
        }
        Page<T> page = store.list(type, null);
        lists.incrementAndGet();
        synchronized (lock) {
            if (closed || myEpoch != epoch) {
                return page.revision();
            }
            Set<ObjectKey> listed = new HashSet<>();
            for (T object : page.items()) {
                listed.add(ObjectKey.of(object));
                apply(object);
            }
            for (ObjectKey key : cache.keys()) {
                if (!listed.contains(key)) {
                    T last = cache.remove(key);
                    notifyDelete(last);
                }
            }
            revision = page.revision();
            synced = true;
        }
        return page.revision();
    }

    /** Starts a watch after {@code from}; on TooOld lists again. */
    private void startWatch(long from) {
        long myEpoch;
        synchronized (lock) {
            if (closed) {
                return;
            }
            myEpoch = ++epoch;
            closeWatch();
        }
        WatchStart start = store.watch(type, null, from, e -> onEvent(myEpoch, e), () -> onCancelled(myEpoch));
        switch (start) {
            case WatchStart.Started s -> {
                synchronized (lock) {
                    if (closed || myEpoch != epoch) {
                        s.watch().close();
                    } else {
                        watch = s.watch();
                        failures = 0;
                    }
                }
            }
            case WatchStart.TooOld tooOld -> {
                LOG.info("watch of {}: {}", name, tooOld.message());
                relistLater(true);
            }
        }
    }

    private void onEvent(long myEpoch, ResourceEvent<T> event) {
        synchronized (lock) {
            if (closed || myEpoch != epoch) {
                return; // a late event of a watch that has been replaced
            }
            if (event.type() == ResourceEvent.Type.DELETED) {
                T last = cache.remove(ObjectKey.of(event.object()));
                if (last != null) {
                    notifyDelete(last);
                }
            } else {
                apply(event.object());
            }
            revision = Math.max(revision, event.revision());
        }
    }

    private void onCancelled(long myEpoch) {
        synchronized (lock) {
            if (closed || myEpoch != epoch) {
                return;
            }
            watch = null;
        }
        LOG.info("watch of {} was cancelled after revision {}; listing again", name, revision);
        relistLater(false);
    }

    /** Puts {@code object} in the cache and notifies the handlers, unless the cache holds it already. */
    private void apply(T object) {
        T old = cache.get(ObjectKey.of(object)).orElse(null);
        if (old != null && old.metadata().resourceVersion() >= object.metadata().resourceVersion()) {
            return;
        }
        cache.put(object);
        for (ResourceHandler<T> h : handlers) {
            try {
                if (old == null) {
                    h.onAdd(object);
                } else {
                    h.onUpdate(old, object);
                }
            } catch (RuntimeException e) {
                LOG.warn("a handler of {} failed on {}", name, ObjectKey.of(object), e);
            }
        }
    }

    private void notifyDelete(T last) {
        for (ResourceHandler<T> h : handlers) {
            try {
                h.onDelete(last);
            } catch (RuntimeException e) {
                LOG.warn("a handler of {} failed on the deletion of {}", name, ObjectKey.of(last), e);
            }
        }
    }

    /** Relists on the informer's thread: at once after a good watch, with backoff after failures. */
    private void relistLater(boolean failed) {
        Duration delay;
        synchronized (lock) {
            failures = failed ? failures + 1 : failures;
            delay = failures <= 1 ? Duration.ZERO : backoff.delay(failures - 1, Math.random());
        }
        if (delay.isPositive()) {
            timer.schedule(delay, this::relistNow);
        } else {
            relistNow();
        }
    }

    /** Queues a relist; requests that arrive while one is queued merge into it. */
    private void relistNow() {
        if (closed || !relistQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            relister.execute(this::relist);
        } catch (RejectedExecutionException e) {
            relistQueued.set(false);
        }
    }

    private void relist() {
        relistQueued.set(false);
        if (closed) {
            return;
        }
        try {
            startWatch(list());
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("listing {} failed; trying again", name, e);
                relistLater(true);
            }
        }
    }

    private void closeWatch() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    /** Stops watching; the cache keeps its last contents. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            epoch++;
            closeWatch();
        }
        relister.shutdownNow();
    }
}
