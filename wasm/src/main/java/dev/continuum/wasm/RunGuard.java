package dev.continuum.wasm;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops a run at its deadline by interrupting the thread that runs it; Endive's compiled code
 * polls the interrupt flag on every loop back-edge and call. Tells afterwards whether the stop came
 * from the deadline or from someone else interrupting the thread.
 *
 * <pre>
 *   RUNNING --deadline--> EXPIRED      (timer interrupts the thread)
 *   RUNNING --close()---> FINISHED     (timer cancelled; it can no longer interrupt)
 * </pre>
 *
 * The state machine makes sure a deadline that fires as the run ends never leaves a stray
 * interrupt on the caller's thread, and that an interrupt from the caller's side is kept.
 */
final class RunGuard implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int EXPIRED = 1;
    private static final int FINISHED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Thread thread;
    private final boolean interruptedBefore;
    private final ScheduledFuture<?> timer;
    private final Object interruptLock = new Object();

    private RunGuard(Thread thread, Duration deadline, ScheduledExecutorService scheduler) {
        this.thread = thread;
        this.interruptedBefore = thread.isInterrupted();
        this.timer =
                deadline == null ? null : scheduler.schedule(this::expire, deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Guards the current thread; {@code deadline} may be null for none. */
    static RunGuard start(Duration deadline, ScheduledExecutorService scheduler) {
        return new RunGuard(Thread.currentThread(), deadline, scheduler);
    }

    /** True when the thread was already interrupted before the run started. */
    boolean interruptedBefore() {
        return interruptedBefore;
    }

    /** True once the deadline has fired. */
    boolean expired() {
        return state.get() == EXPIRED;
    }

    private void expire() {
        synchronized (interruptLock) {
            if (state.compareAndSet(RUNNING, EXPIRED)) {
                thread.interrupt();
            }
        }
    }

    /**
     * Ends the guard. If the deadline fired, clears the interrupt it caused; an interrupt that came
     * from elsewhere stays set so the caller still sees it.
     */
    @Override
    public void close() {
        if (timer != null) {
            timer.cancel(false);
        }
        synchronized (interruptLock) {
            if (state.compareAndSet(RUNNING, FINISHED)) {
                return;
            }
        }
        // EXPIRED: the timer's interrupt has been delivered (it happens under the lock we just held).
        boolean external = Thread.interrupted() && interruptedBefore;
        if (external) {
            Thread.currentThread().interrupt();
        }
    }
}
