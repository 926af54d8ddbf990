package dev.continuum.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.controller.testing.ManualTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.0);
    private final WorkQueue<String> queue = new WorkQueue<>("test", time, time, backoff, () -> 0.0);

    private String take() throws InterruptedException {
        return queue.take().orElseThrow();
    }

    @Test
    void handsOutKeysFirstInFirstOut() throws InterruptedException {
        queue.add("a");
        queue.add("b");
        queue.add("c");
        assertThat(take()).isEqualTo("a");
        assertThat(take()).isEqualTo("b");
        assertThat(take()).isEqualTo("c");
    }

    @Test
    void queuesAKeyAddedTwiceBeforeItIsTakenOnce() throws InterruptedException {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(take()).isEqualTo("a");
        assertThat(take()).isEqualTo("b");
        assertThat(queue.length()).isZero();
    }

    @Test
    void holdsBackAKeyAddedWhileInFlightUntilItIsDone() throws InterruptedException {
        queue.add("a");
        String held = take();
        queue.add("a");
        queue.add("a");
        assertThat(queue.length())
                .as("one worker holds a; nobody else may get it")
                .isZero();
        queue.done(held);
        assertThat(queue.length()).isEqualTo(1);
        assertThat(take()).isEqualTo("a");
        queue.done("a");
        assertThat(queue.idle()).isTrue();
    }

    @Test
    void addAfterQueuesTheKeyOnlyOnceTheDelayIsOver() {
        queue.addAfter("a", Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(9));
        assertThat(queue.length()).isZero();
        assertThat(queue.idle()).as("a waits for its time").isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(queue.length()).isEqualTo(1);
    }

    @Test
    void theEarliestOfSeveralDelaysWinsAndTheKeyComesOnce() {
        queue.addAfter("a", Duration.ofSeconds(30));
        queue.addAfter("a", Duration.ofSeconds(5));
        queue.addAfter("a", Duration.ofSeconds(20));
        time.advance(Duration.ofSeconds(5));
        assertThat(queue.length()).isEqualTo(1);
        time.advance(Duration.ofSeconds(60));
        assertThat(queue.length()).as("later wake-ups were superseded").isEqualTo(1);
    }

    @Test
    void aZeroDelayQueuesAtOnce() {
        queue.addAfter("a", Duration.ZERO);
        assertThat(queue.length()).isEqualTo(1);
    }

    @Test
    void rateLimitedRetriesDoubleUpToTheCapUntilForgotten() {
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(2));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(4));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(8));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(8));
        assertThat(queue.failures("a")).isEqualTo(5);
        assertThat(queue.addRateLimited("b")).as("failures are per key").isEqualTo(Duration.ofSeconds(1));
        queue.forget("a");
        assertThat(queue.failures("a")).isZero();
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRateLimitedKeyComesBackAfterItsBackoff() {
        queue.addRateLimited("a");
        queue.addRateLimited("a");
        time.advance(Duration.ofMillis(999));
        assertThat(queue.length()).isZero();
        time.advance(Duration.ofMillis(1));
        assertThat(queue.length()).as("the first wake-up is the earliest").isEqualTo(1);
    }

    @Test
    void shuttingDownReleasesWaitingWorkersAndIgnoresNewKeys() {
        var pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CompletableFuture<Optional<String>> waiting = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return queue.take();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    pool);
            queue.shutDown();
            await().until(waiting::isDone);
            assertThat(waiting.join()).isEmpty();
            queue.add("a");
            assertThat(queue.length()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
