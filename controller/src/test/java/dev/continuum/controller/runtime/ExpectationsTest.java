package dev.continuum.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.controller.testing.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private final Expectations<String> expectations = new Expectations<>(time, Duration.ofMinutes(1));

    @Test
    void anOwnerWaitsUntilEveryWriteIsObserved() {
        expectations.expectCreate("app", "a");
        expectations.expectDelete("app", "b");
        assertThat(expectations.remaining("app")).isEqualTo(Duration.ofMinutes(1));
        expectations.observedCreate("app", "a");
        assertThat(expectations.remaining("app")).isPositive();
        expectations.observedDelete("app", "b");
        assertThat(expectations.remaining("app")).isZero();
    }

    @Test
    void aFailedWriteIsNotWaitedFor() {
        expectations.expectCreate("app", "a");
        expectations.lower("app", "a");
        assertThat(expectations.remaining("app")).isZero();
    }

    @Test
    void aLostEventStopsMatteringAfterTheTimeout() {
        expectations.expectCreate("app", "a");
        time.advance(Duration.ofSeconds(59));
        assertThat(expectations.remaining("app")).isEqualTo(Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(1));
        assertThat(expectations.remaining("app")).isZero();
    }

    @Test
    void observationsOfOtherOwnersOrNamesChangeNothing() {
        expectations.expectCreate("app", "a");
        expectations.observedCreate("other", "a");
        expectations.observedCreate("app", "z");
        expectations.observedDelete("app", "a");
        assertThat(expectations.remaining("app")).isPositive();
        assertThat(expectations.remaining("other")).isZero();
    }
}
