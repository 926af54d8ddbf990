package dev.continuum.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.agent.local.LocalStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactTest {

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Instant wall = Instant.parse("2026-01-01T00:00:00Z");

    private Clock clock() {
        return Clock.fixed(wall, ZoneOffset.UTC);
    }

    private void pass(Duration d) {
        nanos.addAndGet(d.toNanos());
        wall = wall.plus(d);
    }

    @Test
    void countsFromWhenTheLastAcknowledgedRenewalWasSent() {
        try (LocalStore store = LocalStore.open(dir.resolve("agent.db"), clock())) {
            Contact contact = new Contact(store, clock(), nanos::get);
            assertThat(contact.cutOffFor())
                    .as("a node that never had contact counts from its start")
                    .isZero();
            Contact.Mark sent = contact.mark();
            pass(Duration.ofSeconds(2)); // the answer took 2 s
            contact.acknowledged(sent);
            assertThat(contact.cutOffFor()).isEqualTo(Duration.ofSeconds(2));
            pass(Duration.ofSeconds(5));
            contact.failed();
            assertThat(contact.cutOffFor()).isEqualTo(Duration.ofSeconds(7));
            assertThat(contact.inGap()).isTrue();
        }
    }

    @Test
    void carriesOverARestartByTheWallClockTimeItKept() {
        try (LocalStore store = LocalStore.open(dir.resolve("agent.db"), clock())) {
            Contact contact = new Contact(store, clock(), nanos::get);
            contact.acknowledged(new Contact.Mark(nanos.get() + 1, wall));
        }
        pass(Duration.ofSeconds(40));
        nanos.set(5); // a reboot starts the monotonic clock over
        try (LocalStore store = LocalStore.open(dir.resolve("agent.db"), clock())) {
            Contact restarted = new Contact(store, clock(), nanos::get);
            assertThat(restarted.cutOffFor()).isEqualTo(Duration.ofSeconds(40));
            assertThat(restarted.inGap()).as("no contact since the restart").isTrue();
        }
    }

    @Test
    void tellsItsListenersWhenContactReturnsAfterAGapOnly() {
        try (LocalStore store = LocalStore.open(dir.resolve("agent.db"), clock())) {
            Contact contact = new Contact(store, clock(), nanos::get);
            AtomicInteger regained = new AtomicInteger();
            contact.onRegained(regained::incrementAndGet);
            pass(Duration.ofSeconds(1));
            contact.acknowledged(contact.mark());
            assertThat(regained).as("no gap before").hasValue(0);
            contact.failed();
            pass(Duration.ofSeconds(1));
            contact.acknowledged(contact.mark());
            assertThat(regained).hasValue(1);
        }
    }
}
