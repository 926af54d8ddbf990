package dev.continuum.controller.runtime;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Timer} on wall-clock time: one daemon thread that runs due tasks. */
public final class SystemTimer implements Timer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemTimer.class);

    private final ScheduledThreadPoolExecutor executor;

    public SystemTimer(String name) {
        executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name(name).daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        long nanos = Math.max(0, delay.toNanos());
        try {
            executor.schedule(
                    () -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            LOG.warn("timer task failed", e);
                        }
                    },
                    nanos,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("timer closed; dropping a task");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
