package dev.continuum.agent.node;

import dev.continuum.agent.local.LocalStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long this node has been cut off from the control plane, as the agent can know it: the time
 * since it <em>sent</em> the last lease renewal that the control plane acknowledged. Measuring from
 * the send (not the answer) errs towards "cut off longer", which is the safe side for copies that
 * must stop when cut off: the control plane saw that renewal no earlier than it was sent.
 *
 * <p>Within one process the time is monotonic ({@code System.nanoTime}); across a restart it
 * continues from the wall-clock time of the last contact kept in the {@link LocalStore}, so an agent
 * that restarts while still cut off does not start its time over. A node that never had contact
 * (nothing stored) counts from its start. Listeners hear when contact returns after a gap.
 * Thread-safe.
 */
public final class Contact {

    private static final Logger LOG = LoggerFactory.getLogger(Contact.class);
    static final String LAST_CONTACT = "lastContact";

    private final LocalStore store;
    private final Clock clock;
    private final LongSupplier nanos;
    private final List<Runnable> regained = new CopyOnWriteArrayList<>();
    private long lastNanos;
    private boolean gap;

    public Contact(LocalStore store, Clock clock) {
        this(store, clock, System::nanoTime);
    }

    Contact(LocalStore store, Clock clock, LongSupplier nanos) {
        this.store = store;
        this.clock = clock;
        this.nanos = nanos;
        long now = nanos.getAsLong();
        Instant stored = store.meta(LAST_CONTACT).map(Instant::parse).orElse(null);
        Duration since = stored == null ? Duration.ZERO : Duration.between(stored, clock.instant());
        this.lastNanos = now - Math.max(0, since.toNanos());
        this.gap = since.isPositive();
    }

    /** A reading of the clocks taken just before a request is sent. */
    public record Mark(long nanos, Instant wall) {}

    /** Takes a {@link Mark} to pass to {@link #acknowledged} once the request succeeded. */
    public Mark mark() {
        return new Mark(nanos.getAsLong(), clock.instant());
    }

    /**
     * The control plane acknowledged a request sent at {@code sent}: the node is in contact. Keeps
     * the time in the local store; tells the listeners if this ends a gap.
     */
    public void acknowledged(Mark sent) {
        boolean ended;
        synchronized (this) {
            if (sent.nanos() - lastNanos <= 0) {
                return;
            }
            lastNanos = sent.nanos();
            ended = gap;
            gap = false;
        }
        try {
            store.meta(LAST_CONTACT, sent.wall().toString());
        } catch (RuntimeException e) {
            LOG.warn("cannot keep the time of the last contact: {}", e.getMessage());
        }
        if (ended) {
            regained.forEach(Runnable::run);
        }
    }

    /** A request failed to reach the control plane: a gap begins (if none has). */
    public synchronized void failed() {
        gap = true;
    }

    /** How long since the last acknowledged request was sent. */
    public synchronized Duration cutOffFor() {
        return Duration.ofNanos(Math.max(0, nanos.getAsLong() - lastNanos));
    }

    /** True while the latest request failed, until one is acknowledged. */
    public synchronized boolean inGap() {
        return gap;
    }

    /** Runs {@code listener} (on the acknowledging thread) whenever contact returns after a gap. */
    public void onRegained(Runnable listener) {
        regained.add(listener);
    }
}
