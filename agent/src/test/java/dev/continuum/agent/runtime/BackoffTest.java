package dev.continuum.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration SHORT = Duration.ofMillis(10);

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10));

        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aLongHealthyRunStartsTheBackoffOver() {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(10));
        backoff.next(SHORT);
        backoff.next(SHORT);
        backoff.next(SHORT);

        assertThat(backoff.next(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(SHORT)).isEqualTo(Duration.ofSeconds(2));
    }
}
