package dev.continuum.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.controller.testing.ManualTime;
import dev.continuum.controller.testing.Resources;
import dev.continuum.controller.testing.Sequence;
import dev.continuum.controller.testing.TestStore;
import dev.continuum.model.Application;
import dev.continuum.model.Event;
import dev.continuum.model.EventType;
import dev.continuum.model.Node;
import dev.continuum.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreEventRecorderTest {

    @TempDir
    Path dir;

    private final ManualTime time = ManualTime.at("2026-01-01T00:00:00Z");
    private TestStore store;
    private StoreEventRecorder recorder;

    @BeforeEach
    void open() {
        store = TestStore.open(dir, time);
        recorder = new StoreEventRecorder(store.typed(), time, new Sequence("e"), "test-controller");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<Event> events(String namespace) {
        return store.typed().list(Event.class, namespace).items();
    }

    @Test
    void writesAnEventInTheNamespaceOfItsObjectNamedAfterIt() {
        Application app = store.create(Resources.application("hello", Resources.service("web")));
        recorder.record(app, EventType.NORMAL, "Created", "made 1 Instance");

        Event e = events("default").getFirst();
        assertThat(e.metadata().name()).isEqualTo("hello.e0001");
        assertThat(e.spec().involvedObject().kind()).isEqualTo("Application");
        assertThat(e.spec().involvedObject().name()).isEqualTo("hello");
        assertThat(e.spec().involvedObject().uid()).isEqualTo(app.metadata().uid());
        assertThat(e.spec().type()).isEqualTo(EventType.NORMAL);
        assertThat(e.spec().reason()).isEqualTo("Created");
        assertThat(e.spec().message()).isEqualTo("made 1 Instance");
        assertThat(e.spec().source()).isEqualTo("test-controller");
        assertThat(e.spec().count()).isEqualTo(1);
        assertThat(e.spec().firstTimestamp()).isEqualTo(time.instant());
    }

    @Test
    void putsEventsOfClusterScopedObjectsInTheDefaultNamespace() {
        Node n = store.create(Resources.node("n1", Tier.DEVICE, "1", "1Gi"));
        recorder.record(n, EventType.WARNING, "NodeNotReady", "gone");
        assertThat(events("default"))
                .singleElement()
                .satisfies(e -> assertThat(e.metadata().name()).isEqualTo("n1.e0001"));
    }

    @Test
    void countsARepeatInsteadOfWritingAnotherEvent() {
        Node n = store.create(Resources.node("n1", Tier.CLOUD, "1", "1Gi"));
        Instant first = time.instant();
        recorder.record(n, EventType.WARNING, "NodeNotReady", "gone");
        time.advance(Duration.ofMinutes(1));
        recorder.record(n, EventType.WARNING, "NodeNotReady", "gone");
        time.advance(Duration.ofMinutes(1));
        recorder.record(n, EventType.WARNING, "NodeNotReady", "gone");

        assertThat(events("default")).singleElement().satisfies(e -> {
            assertThat(e.spec().count()).isEqualTo(3);
            assertThat(e.spec().firstTimestamp()).isEqualTo(first);
            assertThat(e.spec().lastTimestamp()).isEqualTo(time.instant());
        });
    }

    @Test
    void keepsEventsThatDifferInReasonMessageOrObjectApart() {
        Node n1 = store.create(Resources.node("n1", Tier.CLOUD, "1", "1Gi"));
        Node n2 = store.create(Resources.node("n2", Tier.CLOUD, "1", "1Gi"));
        recorder.record(n1, EventType.WARNING, "NodeNotReady", "gone");
        recorder.record(n1, EventType.WARNING, "NodeNotReady", "gone again, differently");
        recorder.record(n1, EventType.NORMAL, "NodeReady", "gone");
        recorder.record(n2, EventType.WARNING, "NodeNotReady", "gone");
        assertThat(events("default"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.spec().count()).isEqualTo(1));
    }

    @Test
    void startsANewEventWhenTheCountedOneWasDeleted() {
        Node n = store.create(Resources.node("n1", Tier.CLOUD, "1", "1Gi"));
        recorder.record(n, EventType.WARNING, "NodeNotReady", "gone");
        store.typed().delete(Event.class, "default", "n1.e0001", 0);
        recorder.record(n, EventType.WARNING, "NodeNotReady", "gone");
        assertThat(events("default")).singleElement().satisfies(e -> {
            assertThat(e.metadata().name()).isEqualTo("n1.e0002");
            assertThat(e.spec().count()).isEqualTo(1);
        });
    }
}
