package dev.continuum.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Resources;
import dev.continuum.model.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReachabilityTest {

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private final Reachability reachability = new Reachability(time, Duration.ofSeconds(30));

    private Lease lease(long version, Instant renewed, Duration duration) {
        Lease l = Resources.lease("n1", renewed, duration);
        return l.withMetadata(l.metadata().withResourceVersion(version));
    }

    @Test
    void timesRenewalsByWhenTheyWereSeenNotByTheAgentsClock() {
        reachability.observe(lease(5, Instant.parse("2020-01-01T00:00:00Z"), Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(11));
        assertThat(reachability.unreachableSince("n1"))
                .as("seen 11 s ago, grace 10 s")
                .isPresent();
        reachability.observe(lease(6, Instant.parse("2020-01-01T00:00:00Z"), Duration.ofSeconds(10)));
        assertThat(reachability.unreachableSince("n1"))
                .as("a new version is a renewal, whatever its time")
                .isEmpty();
    }

    @Test
    void theSameVersionSeenAgainIsNoRenewal() {
        reachability.observe(lease(5, time.instant(), Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(6));
        reachability.observe(lease(5, time.instant(), Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(4));
        assertThat(reachability.unreachableSince("n1"))
                .as("at the very deadline still in time")
                .isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(reachability.unreachableSince("n1")).contains(Instant.parse("2026-01-01T00:00:10Z"));
    }

    @Test
    void aBlindSpotGivesEveryNodeAFreshGrace() {
        reachability.observe(lease(5, time.instant(), Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(60));
        assertThat(reachability.unreachableSince("n1")).isPresent();
        reachability.blindSpot("test");
        assertThat(reachability.unreachableSince("n1")).isEmpty();
        time.advance(Duration.ofSeconds(11));
        assertThat(reachability.unreachableSince("n1")).isPresent();
    }

    @Test
    void aStoreOutageEndsInABlindSpotWhenTheStoreAnswersAgain() {
        reachability.observe(lease(5, time.instant(), Duration.ofSeconds(10)));
        reachability.storeTrouble("disk");
        assertThat(reachability.storeTroubled()).isTrue();
        time.advance(Duration.ofSeconds(30));
        reachability.storeAnswered();
        assertThat(reachability.storeTroubled()).isFalse();
        assertThat(reachability.unreachableSince("n1")).isEmpty();
        assertThat(reachability.deadline("n1")).isEqualTo(time.instant().plusSeconds(10));
    }

    @Test
    void aLeaseReadFromTheStoreWithAnotherVersionIsARenewalSeenNow() {
        reachability.observe(lease(5, time.instant(), Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(20));
        assertThat(reachability.renewedSince("n1", Optional.of(lease(5, time.instant(), Duration.ofSeconds(10)))))
                .isFalse();
        assertThat(reachability.renewedSince("n1", Optional.of(lease(9, time.instant(), Duration.ofSeconds(10)))))
                .isTrue();
        assertThat(reachability.unreachableSince("n1")).isEmpty();
    }

    @Test
    void aNodeWithoutALeaseCountsFromWhenItWasFirstAskedAboutWithTheDefaultDuration() {
        assertThat(reachability.unreachableSince("n9")).isEmpty();
        time.advance(Duration.ofSeconds(31));
        assertThat(reachability.unreachableSince("n9")).contains(Instant.parse("2026-01-01T00:00:30Z"));
    }
}
