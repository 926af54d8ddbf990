package dev.continuum.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a {@link ContinuumClient}.
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for the answer of a plain request (and for the headers of a
 *     watch or log stream)
 * @param watchIdleTimeout a watch stream that brings no line, not even a bookmark, for this long is
 *     taken for dead and replaced (the server bookmarks at least every 10 s)
 * @param backoffInitial the first wait before retrying an unreachable server; doubles per failure
 * @param backoffMax the longest wait between retries
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration requestTimeout,
        Duration watchIdleTimeout,
        Duration backoffInitial,
        Duration backoffMax) {

    public ClientOptions {
        for (Duration d :
                new Duration[] {connectTimeout, requestTimeout, watchIdleTimeout, backoffInitial, backoffMax}) {
            Objects.requireNonNull(d, "durations are required");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("client durations must be positive, not " + d);
            }
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException(
                    "backoffMax " + backoffMax + " is below backoffInitial " + backoffInitial);
        }
    }

    /** Connect 5 s, requests 30 s, dead watch after 30 s of silence, backoff 100 ms doubling to 5 s. */
    public static ClientOptions defaults() {
        return new ClientOptions(
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(5));
    }

    public ClientOptions withRequestTimeout(Duration value) {
        return new ClientOptions(connectTimeout, value, watchIdleTimeout, backoffInitial, backoffMax);
    }

    public ClientOptions withWatchIdleTimeout(Duration value) {
        return new ClientOptions(connectTimeout, requestTimeout, value, backoffInitial, backoffMax);
    }

    public ClientOptions withBackoff(Duration initial, Duration max) {
        return new ClientOptions(connectTimeout, requestTimeout, watchIdleTimeout, initial, max);
    }
}
