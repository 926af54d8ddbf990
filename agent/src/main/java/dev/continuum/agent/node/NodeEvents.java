package dev.continuum.agent.node;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Event;
import dev.continuum.model.EventSpec;
import dev.continuum.model.EventSpec.ObjectReference;
import dev.continuum.model.EventType;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.validation.Defaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events the agent tells about its own Node (its local store was recovered, stale desired state was
 * refused), delivered when the control plane can be reached — they often arise while it cannot. The
 * same reason and message is told once per agent run. Best effort: an event the control plane
 * refuses is logged and dropped. Thread-safe.
 */
public final class NodeEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private record Pending(EventType type, String reason, String message, Instant at) {}

    private final ContinuumClient client;
    private final String nodeName;
    private final Clock clock;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Set<String> told = new HashSet<>();
    private boolean closed;
    private Thread sender;

    public NodeEvents(ContinuumClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    public synchronized NodeEvents start() {
        if (sender == null) {
            sender = Thread.ofVirtual().name("node events " + nodeName).start(this::run);
        }
        return this;
    }

    /** Queues a Warning event about the Node, unless the same was told already. */
    public synchronized void warn(String reason, String message) {
        if (closed || !told.add(reason + "\n" + message)) {
            return;
        }
        queue.add(new Pending(EventType.WARNING, reason, message, clock.instant()));
        notifyAll();
    }

    private void run() {
        while (true) {
            Pending next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.peek();
            }
            if (send(next)) {
                synchronized (this) {
                    queue.remove(next);
                }
            } else {
                synchronized (this) {
                    try {
                        wait(RETRY.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private boolean send(Pending p) {
        Event event = Event.of(
                ObjectMeta.named(Defaults.NAMESPACE, eventName(nodeName)),
                new EventSpec(
                        p.type(),
                        new ObjectReference("Node", null, nodeName, null),
                        p.reason(),
                        p.message(),
                        "agent/" + nodeName,
                        1,
                        p.at(),
                        p.at()));
        try {
            client.create(event);
            return true;
        } catch (ApiException e) {
            if (e.isUnreachable()) {
                return false;
            }
            LOG.warn("the control plane refused the event {} about node {}: {}", p.reason(), nodeName, e.getMessage());
            return true;
        }
    }

    /** A fresh name for an event about {@code object}: {@code <object>.<5 random letters or digits>}. */
    public static String eventName(String object) {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        return object + "." + "0".repeat(5 - suffix.length()) + suffix;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = sender;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
