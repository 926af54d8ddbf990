package dev.continuum.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.5);

    @ParameterizedTest(name = "failure {0}, random {1} -> {2} ms")
    @CsvSource({
        "1, 0.0, 100",
        "2, 0.0, 200",
        "3, 0.0, 400",
        "7, 0.0, 6400",
        "8, 0.0, 10000",
        "1000, 0.0, 10000",
        "1, 0.99, 50",
        "3, 0.5, 300",
        "1000, 0.5, 7500",
    })
    void doublesPerFailureUpToTheCapLessItsJitter(int failures, double random, long millis) {
        assertThat(backoff.delay(failures, random).toMillis()).isEqualTo(millis);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
