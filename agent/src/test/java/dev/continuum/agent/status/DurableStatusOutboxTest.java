package dev.continuum.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.agent.local.LocalStore;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStatusOutboxTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    private LocalStore open() {
        return LocalStore.open(dir.resolve("agent.db"), clock);
    }

    private static PendingStatus status(String name, InstancePhase phase, String reason, long second) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second);
        return new PendingStatus(
                new InstanceKey("default", name),
                "uid-" + name,
                1,
                new InstanceStatus(phase, reason, "m" + second, null, at, at, 0, null, 1, null));
    }

    @Test
    void keepsTheNewestStatusPerInstanceInTheOrderTheyFirstWaitedAcrossARestart() {
        try (LocalStore store = open()) {
            var outbox = new DurableStatusOutbox(store, 16, clock);
            outbox.put(status("a", InstancePhase.STARTING, "Preparing", 1));
            outbox.put(status("b", InstancePhase.STARTING, "Preparing", 2));
            outbox.put(status("a", InstancePhase.RUNNING, null, 3));
        }
        try (LocalStore store = open()) {
            List<PendingStatus> pending = new DurableStatusOutbox(store, 16, clock).pending();
            assertThat(pending).extracting(p -> p.key().name()).containsExactly("a", "b");
            assertThat(pending.getFirst().status().phase()).isEqualTo(InstancePhase.RUNNING);
        }
    }

    @Test
    void aDeliveredStatusGoesUnlessANewerOneReplacedItMeanwhile() {
        try (LocalStore store = open()) {
            var outbox = new DurableStatusOutbox(store, 16, clock);
            PendingStatus first = status("a", InstancePhase.STARTING, "Preparing", 1);
            outbox.put(first);
            outbox.put(status("a", InstancePhase.RUNNING, null, 2));
            outbox.delivered(first);
            assertThat(outbox.pending())
                    .singleElement()
                    .satisfies(p -> assertThat(p.status().phase()).isEqualTo(InstancePhase.RUNNING));
            outbox.delivered(outbox.pending().getFirst());
            assertThat(outbox.pending()).isEmpty();
        }
    }

    @Test
    void journalsWhatAReplacedStatusSaidOnlyWhileOffline() {
        try (LocalStore store = open()) {
            var outbox = new DurableStatusOutbox(store, 16, clock);
            outbox.put(status("a", InstancePhase.STARTING, "Preparing", 1));
            outbox.put(status("a", InstancePhase.RUNNING, null, 2));
            assertThat(outbox.journal())
                    .as("online: replaced statuses are simply superseded")
                    .isEmpty();

            outbox.offline(true);
            outbox.put(status("a", InstancePhase.STARTING, "BackOff", 3));
            assertThat(outbox.journal()).singleElement().satisfies(e -> {
                assertThat(e.text()).isEqualTo("Running: m2");
                assertThat(e.firstAt()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
                assertThat(e.key()).isEqualTo(new InstanceKey("default", "a"));
            });
            outbox.replayed(outbox.journal().getFirst());
            assertThat(outbox.journal()).isEmpty();
        }
    }

    @Test
    void aFullJournalSummarisesItsOldestEntriesPerInstanceFirst() {
        try (LocalStore store = open()) {
            var outbox = new DurableStatusOutbox(store, 8, clock);
            outbox.offline(true);
            for (int s = 0; s < 30; s++) {
                outbox.put(status("crashy", s % 2 == 0 ? InstancePhase.RUNNING : InstancePhase.STARTING, "BackOff", s));
            }
            List<JournalEntry> journal = outbox.journal();
            assertThat(journal.size()).isLessThanOrEqualTo(8);
            assertThat(journal.stream().mapToInt(JournalEntry::count).sum())
                    .as("every replaced status is counted, none dropped")
                    .isEqualTo(29);
            JournalEntry oldest = journal.getFirst();
            assertThat(oldest.count()).isGreaterThan(1);
            assertThat(oldest.firstAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(oldest.text())
                    .startsWith(oldest.count() + " status changes from 2026-01-01T00:00:00Z to ")
                    .contains("while the control plane was unreachable; the last of them: ");
        }
    }

    @Test
    void whenSummariesPerInstanceAreNotEnoughTheOldestAreSummarisedForTheNode() {
        try (LocalStore store = open()) {
            var outbox = new DurableStatusOutbox(store, 8, clock);
            outbox.offline(true);
            for (int i = 0; i < 20; i++) {
                outbox.put(status("i" + i, InstancePhase.STARTING, "Preparing", i));
                outbox.put(status("i" + i, InstancePhase.RUNNING, null, i + 100));
            }
            List<JournalEntry> journal = outbox.journal();
            assertThat(journal.size()).isLessThanOrEqualTo(8);
            assertThat(journal.stream().mapToInt(JournalEntry::count).sum()).isEqualTo(20);
            assertThat(journal.getFirst().key()).as("a node-wide summary").isNull();
            assertThat(journal.getFirst().text()).contains("summarised for the whole node");
        }
    }
}
