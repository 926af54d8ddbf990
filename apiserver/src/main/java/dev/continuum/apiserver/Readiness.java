package dev.continuum.apiserver;

import dev.continuum.store.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the server should get traffic: its owner said so ({@link ApiServer#setReady}) and the
 * store answers a read within {@link #STORE_TIMEOUT}. Thread-safe.
 */
final class Readiness {

    static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);
    private static final String PROBE_KEY = "/health/probe";

    private final StateStore store;
    private volatile boolean ready;

    Readiness(StateStore store) {
        this.store = store;
    }

    void set(boolean value) {
        ready = value;
    }

    /** Why the server is not ready, or empty when it is. */
    Optional<String> problem() {
        if (!ready) {
            return Optional.of("not ready: the control plane is still starting (its owner has not declared it ready)");
        }
        FutureTask<Object> probe = new FutureTask<>(() -> store.get(PROBE_KEY));
        Thread.ofVirtual().name("store readiness probe").start(probe);
        try {
            probe.get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Optional.of("not ready: the store did not answer within " + STORE_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of(
                    "not ready: the store does not answer: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("not ready: interrupted while probing the store");
        }
    }
}
