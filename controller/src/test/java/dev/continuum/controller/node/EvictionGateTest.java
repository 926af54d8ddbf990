package dev.continuum.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.controller.testing.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvictionGateTest {

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");

    @Test
    void admitsABurstThenOneNodePerTokenAndANodeKeepsItsToken() {
        EvictionGate gate = new EvictionGate(time, 0.5, 2, 0.55);
        assertThat(gate.admit("a", 1, 10).admitted()).isTrue();
        assertThat(gate.admit("b", 2, 10).admitted()).isTrue();
        EvictionGate.Verdict third = gate.admit("c", 3, 10);
        assertThat(third.admitted()).isFalse();
        assertThat(third.reason()).contains("rate-limited to 0.5 nodes per second");
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(gate.admit("a", 3, 10).admitted())
                .as("a was admitted already")
                .isTrue();

        time.advance(Duration.ofSeconds(2));
        assertThat(gate.admit("c", 3, 10).admitted()).isTrue();
    }

    @Test
    void admitsNothingWhileMostOfTheFleetIsUnreachableButALoneNodeOfTwoIsNotMost() {
        EvictionGate gate = new EvictionGate(time, 10, 10, 0.55);
        EvictionGate.Verdict mass = gate.admit("a", 6, 10);
        assertThat(mass.admitted()).isFalse();
        assertThat(mass.reason())
                .isEqualTo("6 of 10 nodes are unreachable at once (at least 55%): replacements are paused");
        assertThat(gate.admit("a", 1, 2).admitted()).as("one of two").isTrue();
        assertThat(gate.admit("b", 1, 1).admitted())
                .as("a fleet of one loses its only node")
                .isTrue();
    }

    @Test
    void aNodeThatCameBackNeedsANewToken() {
        EvictionGate gate = new EvictionGate(time, 0.1, 1, 0.55);
        assertThat(gate.admit("a", 1, 5).admitted()).isTrue();
        gate.release("a");
        assertThat(gate.admit("a", 1, 5).admitted()).isFalse();
    }
}
