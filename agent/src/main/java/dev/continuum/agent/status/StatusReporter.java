package dev.continuum.agent.status;

import dev.continuum.agent.node.NodeEvents;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.agent.runtime.StatusSink;
import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Event;
import dev.continuum.model.EventSpec;
import dev.continuum.model.EventSpec.ObjectReference;
import dev.continuum.model.EventType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.validation.Defaults;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what supervisors report to the control plane with {@code PUT .../instances/{name}/status}.
 *
 * <p>Reports go into a {@link StatusOutbox} (newest per Instance) and one background thread sends
 * them. Each write is a compare-and-swap on the newest copy of the Instance this agent knows (from
 * its watch, else read), re-read and retried on 409. A status is dropped, not written, when its
 * Instance is gone, was recreated (another uid), moved to another node or moved on to a newer epoch
 * (fencing). While the control plane is unreachable nothing is lost: the outbox keeps the newest
 * status of every Instance and the sender retries with backoff, and at once when the connection
 * returns ({@link #connectionChanged}). An outbox that keeps a {@link StatusJournal} is told when the
 * control plane is unreachable, and once statuses go through again its journal is replayed as Events
 * ({@value #REPORTED_OFFLINE}): the statuses the control plane never saw. Thread-safe.
 */
public final class StatusReporter implements StatusSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final int ATTEMPTS = 5;
    private static final Duration RETRY_MIN = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    /** The reason of the Events that replay what happened while the control plane was unreachable. */
    public static final String REPORTED_OFFLINE = "StatusWhileOffline";

    private enum Outcome {
        SENT,
        DROPPED,
        UNREACHABLE,
        RETRY
    }

    private final ContinuumClient client;
    private final String nodeName;
    private final StatusOutbox outbox;
    private final Function<InstanceKey, Optional<Instance>> known;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;
    private Thread sender;

    /**
     * @param known the newest copy of an Instance this agent has seen, if any (its watch cache)
     */
    public StatusReporter(
            ContinuumClient client,
            String nodeName,
            StatusOutbox outbox,
            Function<InstanceKey, Optional<Instance>> known) {
        this.client = client;
        this.nodeName = nodeName;
        this.outbox = outbox;
        this.known = known;
    }

    public synchronized StatusReporter start() {
        if (sender == null) {
            sender = Thread.ofVirtual().name("status " + nodeName).start(this::run);
        }
        return this;
    }

    @Override
    public void report(Instance instance, InstanceStatus status) {
        outbox.put(new PendingStatus(
                InstanceKey.of(instance),
                instance.metadata().uid(),
                instance.spec().epoch(),
                status));
        wake();
    }

    /** The watch reached ({@code true}) or lost the control plane; reaching it sends what waits at once. */
    public void connectionChanged(boolean connected) {
        if (connected) {
            wake();
        }
    }

    /** Forgets what waits for an Instance that was deleted or moved away. */
    public void discard(InstanceKey key) {
        outbox.discard(key);
    }

    /** True when nothing waits to be sent (tests, shutdown). */
    public boolean idle() {
        return outbox.pending().isEmpty();
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        Duration retry = RETRY_MIN;
        boolean offline = false;
        while (!closed) {
            boolean failed = false;
            for (PendingStatus pending : outbox.pending()) {
                if (closed) {
                    return;
                }
                Outcome outcome = send(pending);
                switch (outcome) {
                    case SENT, DROPPED -> outbox.delivered(pending);
                    case UNREACHABLE, RETRY -> failed = true;
                }
                if (outcome == Outcome.UNREACHABLE) {
                    if (!offline) {
                        LOG.info("the control plane is unreachable; keeping Instance statuses until it is back");
                    }
                    offline = true;
                    break;
                }
            }
            if (!failed && offline) {
                LOG.info("Instance statuses delivered again");
                offline = false;
            }
            if (outbox instanceof StatusJournal journal) {
                journal.offline(offline);
                if (!failed && !replay(journal)) {
                    failed = true;
                }
            }
            retry = failed ? min(retry.multipliedBy(2), RETRY_MAX) : RETRY_MIN;
            try {
                awaitWork(failed ? retry : null);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitWork(Duration timeout) throws InterruptedException {
        synchronized (signal) {
            if (!woken && !closed) {
                if (timeout == null) {
                    if (outbox.pending().isEmpty()) {
                        signal.wait();
                    }
                } else {
                    signal.wait(timeout.toMillis());
                }
            }
            woken = false;
        }
    }

    /**
     * Replays the offline journal as Events on the Instances (or the Node, for a summary of several);
     * false when the control plane could not be reached.
     */
    private boolean replay(StatusJournal journal) {
        for (JournalEntry entry : journal.journal()) {
            if (closed) {
                return true;
            }
            try {
                client.create(event(entry));
                journal.replayed(entry);
            } catch (ApiException e) {
                if (e.isUnreachable()) {
                    return false;
                }
                LOG.warn("cannot replay what happened offline ({}): {}", entry.text(), e.getMessage());
                journal.replayed(entry);
            }
        }
        return true;
    }

    private Event event(JournalEntry entry) {
        ObjectReference involved = entry.key() == null
                ? new ObjectReference("Node", null, nodeName, null)
                : new ObjectReference(
                        "Instance", entry.key().namespace(), entry.key().name(), entry.uid());
        String namespace =
                entry.key() == null ? Defaults.NAMESPACE : entry.key().namespace();
        String name = NodeEvents.eventName(
                entry.key() == null ? nodeName : entry.key().name());
        return Event.of(
                ObjectMeta.named(namespace, name),
                new EventSpec(
                        EventType.NORMAL,
                        involved,
                        REPORTED_OFFLINE,
                        entry.text(),
                        "agent/" + nodeName,
                        entry.count(),
                        entry.firstAt(),
                        entry.lastAt()));
    }

    private Outcome send(PendingStatus pending) {
        Instance current = known.apply(pending.key()).orElse(null);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (current == null) {
                    current = client.get(
                                    Instance.class,
                                    pending.key().namespace(),
                                    pending.key().name())
                            .orElse(null);
                    if (current == null) {
                        return Outcome.DROPPED;
                    }
                }
                if (!belongs(current, pending)) {
                    return Outcome.DROPPED;
                }
                InstanceStatus merged = withScheduling(pending.status(), current.status());
                if (merged.equals(current.status())) {
                    return Outcome.SENT;
                }
                client.updateStatus(current.withStatus(merged));
                return Outcome.SENT;
            } catch (ApiException e) {
                if (e.isConflict()) {
                    current = null;
                    continue;
                }
                if (e.isNotFound()) {
                    return Outcome.DROPPED;
                }
                if (e.isUnreachable()) {
                    return Outcome.UNREACHABLE;
                }
                LOG.warn("cannot report the status of Instance {}: {}", pending.key(), e.getMessage());
                return Outcome.RETRY;
            }
        }
        return Outcome.RETRY;
    }

    /** The Instance is still the one the status was observed for: same uid, this node, same epoch. */
    private boolean belongs(Instance current, PendingStatus pending) {
        return Objects.equals(current.metadata().uid(), pending.uid())
                && nodeName.equals(current.spec().node())
                && current.spec().epoch() == pending.epoch();
    }

    /** Keeps what the scheduler wrote; the rest of the status is the agent's. */
    private static InstanceStatus withScheduling(InstanceStatus ours, InstanceStatus stored) {
        return ours.withScheduling(stored == null ? null : stored.scheduling());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the sender; what still waits stays in the outbox. */
    @Override
    public void close() {
        closed = true;
        wake();
        Thread t;
        synchronized (this) {
            t = sender;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
