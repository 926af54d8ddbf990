package dev.continuum.wasm;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.runtime.Instance;

/**
 * A few instances of one module built ahead of time, so that a function request pays only for
 * binding its WASI context and running {@code _start}, not for building the instance and
 * allocating its memory. Each pooled instance is used once. Refilled in the background after every
 * take; when the pool is empty the caller builds one itself.
 *
 * <p>Only modules without a start section are pooled (a start function would run before any run is
 * bound). Thread-safe.
 */
final class InstancePool {
    private static final Logger LOG = LoggerFactory.getLogger(InstancePool.class);

    /** An instance built ahead of time with its import slot. */
    record Pooled(Instance instance, ImportSlot slot) {}

    private final BlockingQueue<Pooled> ready;
    private final Supplier<Pooled> builder;
    private final ExecutorService refiller;
    private final AtomicBoolean refilling = new AtomicBoolean();
    private volatile boolean broken;

    InstancePool(int size, Supplier<Pooled> builder, ExecutorService refiller) {
        this.ready = new ArrayBlockingQueue<>(size);
        this.builder = builder;
        this.refiller = refiller;
    }

    /** A fresh instance: a pooled one, or one built now. */
    Pooled take() {
        var pooled = ready.poll();
        refill();
        return pooled != null ? pooled : builder.get();
    }

    private void refill() {
        if (broken || !refilling.compareAndSet(false, true)) {
            return;
        }
        try {
            refiller.execute(() -> {
                try {
                    while (ready.remainingCapacity() > 0 && !broken) {
                        ready.offer(builder.get());
                    }
                } catch (RuntimeException e) {
                    // Building fails the same way on the request path, where it is reported.
                    LOG.debug("pre-warming stopped for a module that does not instantiate: {}", e.toString());
                    broken = true;
                } finally {
                    refilling.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            refilling.set(false);
        }
    }
}
