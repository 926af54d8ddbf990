package dev.continuum.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.controller.testing.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerRunnerTest {

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private final WorkQueue<String> queue = new WorkQueue<>(
            "test", time, time, new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.0), () -> 0.0);
    private ControllerRunner<String> runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private void run(Reconciler<String> reconciler, int workers) {
        runner = new ControllerRunner<>("test", queue, reconciler, workers);
        runner.start();
    }

    @Test
    void retriesWithBackoffUntilTheReconcilerIsDone() {
        AtomicInteger calls = new AtomicInteger();
        run(key -> calls.incrementAndGet() < 3 ? ReconcileResult.retry("not yet") : ReconcileResult.done(), 1);
        queue.add("a");
        await().until(() -> calls.get() == 1 && queue.failures("a") == 1);
        time.advance(Duration.ofSeconds(1));
        await().until(() -> calls.get() == 2 && queue.failures("a") == 2);
        time.advance(Duration.ofMillis(1999));
        assertThat(calls.get()).as("the second retry waits twice as long").isEqualTo(2);
        time.advance(Duration.ofMillis(1));
        await().until(() -> calls.get() == 3 && queue.idle());
        assertThat(queue.failures("a")).as("done forgets the failures").isZero();
    }

    @Test
    void aThrowingReconcilerIsRetriedLikeARetry() {
        AtomicInteger calls = new AtomicInteger();
        run(
                key -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("boom");
                    }
                    return ReconcileResult.done();
                },
                1);
        queue.add("a");
        await().until(() -> queue.failures("a") == 1);
        assertThat(runner.running()).as("a fault does not kill the worker").isTrue();
        time.advance(Duration.ofSeconds(1));
        await().until(() -> calls.get() == 2 && queue.idle());
    }

    @Test
    void requeueAfterReconcilesTheKeyAgainWhenAsked() {
        List<String> seen = new CopyOnWriteArrayList<>();
        run(
                key -> {
                    seen.add(key);
                    return seen.size() == 1
                            ? ReconcileResult.requeueAfter(Duration.ofMinutes(5))
                            : ReconcileResult.done();
                },
                1);
        queue.add("a");
        await().until(() -> seen.size() == 1 && queue.length() == 0 && time.pending() == 1);
        time.advance(Duration.ofMinutes(4));
        assertThat(seen).hasSize(1);
        time.advance(Duration.ofMinutes(1));
        await().until(() -> seen.size() == 2);
    }

    @Test
    void neverReconcilesOneKeyOnTwoWorkersAtOnce() {
        Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        run(
                key -> {
                    AtomicBoolean flag = busy.computeIfAbsent(key, k -> new AtomicBoolean());
                    if (!flag.compareAndSet(false, true)) {
                        overlapped.set(true);
                    }
                    for (int i = 0; i < 3; i++) {
                        queue.add(key); // changes keep arriving while it is reconciled
                        Thread.onSpinWait();
                    }
                    flag.set(false);
                    calls.incrementAndGet();
                    return ReconcileResult.done();
                },
                4);
        for (int i = 0; i < 50; i++) {
            queue.add("k" + (i % 3));
        }
        await().until(() -> calls.get() >= 200);
        runner.close();
        assertThat(overlapped).isFalse();
    }

    @Test
    void runsUntilClosed() {
        run(key -> ReconcileResult.done(), 2);
        assertThat(runner.running()).isTrue();
        runner.close();
        assertThat(runner.running()).isFalse();
    }
}
