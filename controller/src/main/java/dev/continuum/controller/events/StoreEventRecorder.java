package dev.continuum.controller.events;

import dev.continuum.controller.runtime.Suffixes;
import dev.continuum.model.Event;
import dev.continuum.model.EventSpec;
import dev.continuum.model.EventSpec.ObjectReference;
import dev.continuum.model.EventType;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Resource;
import dev.continuum.model.validation.Defaults;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import dev.continuum.store.WriteResult.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the store. An event lives in its object's namespace ({@code default} for
 * cluster-scoped objects) and is named {@code {object}.{random}}. A repeat of an event recorded
 * recently (the last {@value #REMEMBERED} distinct ones are remembered) bumps the stored event's
 * {@code count} and {@code lastTimestamp} instead of writing a new one; after a restart, or once
 * the stored event is gone, the next repeat starts a new event.
 */
public final class StoreEventRecorder implements EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StoreEventRecorder.class);
    static final int REMEMBERED = 4096;
    private static final int CONFLICT_RETRIES = 3;

    private final ResourceStore store;
    private final Clock clock;
    private final Supplier<String> ids;
    private final String source;
    private final Map<Identity, ObjectKeyOf> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, ObjectKeyOf> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param ids random lowercase letters and digits; the first five of each name the event
     * @param source who records, e.g. {@code scheduler} or {@code node-lifecycle}
     */
    public StoreEventRecorder(ResourceStore store, Clock clock, Supplier<String> ids, String source) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.source = source;
    }

    /** What makes two events the same event. */
    private record Identity(ObjectReference object, EventType type, String reason, String message) {}

    /** Where the stored copy of an event is. */
    private record ObjectKeyOf(String namespace, String name) {}

    @Override
    public void record(Resource involved, EventType type, String reason, String message) {
        ObjectMeta m = involved.metadata();
        ObjectReference ref = new ObjectReference(involved.kind(), m.namespace(), m.name(), m.uid());
        Identity identity = new Identity(ref, type, reason, message);
        try {
            synchronized (this) {
                write(identity, m);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record event {} for {} {}: {}", reason, involved.kind(), m.qualifiedName(), message, e);
        }
    }

    private void write(Identity identity, ObjectMeta involved) {
        Instant now = clock.instant();
        ObjectKeyOf known = recent.get(identity);
        if (known != null && bump(known, now)) {
            return;
        }
        String namespace = involved.namespace() == null ? Defaults.NAMESPACE : involved.namespace();
        EventSpec spec = new EventSpec(
                identity.type(), identity.object(), identity.reason(), identity.message(), source, 1, now, now);
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            String name = involved.name() + "." + Suffixes.next(ids);
            Result<Event> created = store.create(Event.of(ObjectMeta.named(namespace, name), spec));
            if (created.ok()) {
                recent.put(identity, new ObjectKeyOf(namespace, name));
                return;
            }
        }
        LOG.warn("could not find a free name for event {} of {}", identity.reason(), involved.qualifiedName());
    }

    /** Counts one more occurrence of a stored event; false when it is gone. */
    private boolean bump(ObjectKeyOf key, Instant now) {
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Optional<Event> stored = store.get(Event.class, key.namespace(), key.name());
            if (stored.isEmpty()) {
                return false;
            }
            Event e = stored.get();
            EventSpec s = e.spec();
            EventSpec next = new EventSpec(
                    s.type(),
                    s.involvedObject(),
                    s.reason(),
                    s.message(),
                    s.source(),
                    s.count() + 1,
                    s.firstTimestamp(),
                    now);
            Result<Event> updated = store.update(Event.of(e.metadata(), next));
            if (updated.ok()) {
                return true;
            }
            if (updated.outcome() == Outcome.NOT_FOUND) {
                return false;
            }
        }
        return false;
    }
}
