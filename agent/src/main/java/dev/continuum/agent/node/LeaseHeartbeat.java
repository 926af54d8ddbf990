package dev.continuum.agent.node;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Lease;
import dev.continuum.model.LeaseSpec;
import dev.continuum.model.ObjectMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node alive in the control plane's eyes: renews the {@link Lease} named after the node
 * every {@code interval}, and registers the Node (after the first renewal, until that once succeeds). After a gap — any
 * failed beat, typically the control plane being unreachable — the next successful beat also
 * re-asserts {@code Ready=True} on the Node, which the control plane may have turned NotReady
 * meanwhile. Every {@value #REFRESH_EVERY} beats the Node's status is refreshed as well (a new
 * heartbeat time on its Ready condition); a Node deleted meanwhile is registered again.
 *
 * <pre>
 *   UNREGISTERED --renew, register ok--> BEATING --renew ok--> BEATING   (every 10th beat also
 *        |                                 |    ^                          refreshes the status)
 *        | a beat failed      a beat failed|    | renew ok, re-assert Ready
 *        v                                 v    |  (register again if the Node is gone)
 *   UNREGISTERED (retry)                    GAP --+
 * </pre>
 *
 * Every renewal the control plane acknowledged is passed to the node's {@link Contact} with the
 * time it was sent; every failed beat starts a gap there. Beats run on one thread of their own;
 * nothing here ever throws to the caller. Thread-safe.
 */
public final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);
    /** How many lease renewals go by between two refreshes of the Node's status. */
    static final int REFRESH_EVERY = 10;

    private final ContinuumClient client;
    private final NodeRegistration registration;
    private final Duration interval;
    private final Duration duration;
    private final Clock clock;
    private final Contact contact;
    private final ScheduledExecutorService timer;
    private boolean registered;
    private boolean gap;
    private int beatsSinceRefresh;
    private Instant acquired;
    private volatile Instant lastRenewal;
    private volatile boolean inTouch;
    private String lastProblem;

    /**
     * @param contact told of every renewal the control plane acknowledged (with when it was sent) and
     *     of every failed beat
     */
    public LeaseHeartbeat(
            ContinuumClient client,
            NodeRegistration registration,
            Duration interval,
            Duration duration,
            Clock clock,
            Contact contact) {
        this.client = client;
        this.registration = registration;
        this.interval = interval;
        this.duration = duration;
        this.clock = clock;
        this.contact = contact;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon(true)
                .name("lease " + registration.nodeName())
                .factory());
    }

    /** Beats once now, on the caller's thread, and then every interval in the background. */
    public LeaseHeartbeat start() {
        beat();
        timer.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** True when the last beat reached the control plane (and renewed the lease). */
    public boolean inTouch() {
        return inTouch;
    }

    /** When the lease was last renewed, or null when never. */
    public Instant lastRenewal() {
        return lastRenewal;
    }

    /** One beat: renew the lease, register if needed, re-assert readiness after a gap. */
    synchronized void beat() {
        try {
            // The lease first, then Ready: a Ready=True next to an expired lease would be marked
            // NotReady again by the control plane's next check.
            renew();
            if (!registered) {
                registration.register();
                registered = true;
                gap = false;
                beatsSinceRefresh = 0;
            }
            if (gap || ++beatsSinceRefresh >= REFRESH_EVERY) {
                if (registration.reassertReady().isEmpty()) {
                    LOG.info("node {} was deleted; registering it again", registration.nodeName());
                    registration.register();
                }
                if (gap) {
                    LOG.info("node {} is back in touch with the control plane", registration.nodeName());
                }
                gap = false;
                beatsSinceRefresh = 0;
            }
            lastProblem = null;
            inTouch = true;
        } catch (ApiException e) {
            gap = true;
            inTouch = false;
            contact.failed();
            String problem = e.getMessage();
            if (!problem.equals(lastProblem)) {
                LOG.warn("node {}: heartbeat failed: {}", registration.nodeName(), problem);
                lastProblem = problem;
            }
        } catch (RuntimeException e) {
            gap = true;
            inTouch = false;
            contact.failed();
            LOG.error("node {}: heartbeat failed unexpectedly", registration.nodeName(), e);
        }
    }

    private void renew() {
        String node = registration.nodeName();
        Instant now = clock.instant();
        Lease lease = client.get(Lease.class, null, node).orElse(null);
        Contact.Mark sent;
        if (lease == null) {
            acquired = now;
            try {
                sent = contact.mark();
                client.create(Lease.of(ObjectMeta.named(node), new LeaseSpec(node, now, now, duration)));
            } catch (ApiException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                renew();
                return;
            }
        } else {
            LeaseSpec spec = lease.spec();
            Instant since = spec != null && node.equals(spec.holder()) && spec.acquireTime() != null
                    ? spec.acquireTime()
                    : acquired == null ? now : acquired;
            sent = contact.mark();
            client.update(lease.withSpec(new LeaseSpec(node, since, now, duration)));
        }
        lastRenewal = now;
        contact.acknowledged(sent);
    }

    /** Stops beating; the lease then runs out on its own. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
