package dev.continuum.controller.node;

import dev.continuum.controller.runtime.ResourceHandler;
import dev.continuum.model.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each node has renewed its lease lately, as this control plane has <em>seen</em> it: a node
 * is unreachable once no renewal was observed for its grace (its lease duration). Time is counted
 * from when a renewal was observed on this control plane's clock, never from the time the agent
 * wrote into the lease, so the agents' clocks do not matter.
 *
 * <p><b>Outages are not node loss.</b> What this control plane could not see is never held against a
 * node: when it starts, when its lease informer had to list again (its watch was lost), and when
 * the store failed and then answered again, every node's last renewal counts as seen at that moment.
 * So no node is declared unreachable until a full grace of fresh leases has passed after the outage.
 * A node with no lease counts from when it was first asked about, with the default lease duration.
 *
 * <p>Thread-safe: the lease informer's handler writes, the controllers' workers read.
 */
public final class Reachability {

    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    /** A renewal, by the lease's resourceVersion, and when this control plane saw it. */
    record Observation(long version, Instant at) {}

    private final Clock clock;
    private final Duration defaultLease;
    private final Map<String, Observation> seen = new ConcurrentHashMap<>();
    private final Map<String, Duration> graces = new ConcurrentHashMap<>();
    private final Set<String> withLease = ConcurrentHashMap.newKeySet();
    private volatile Instant troubleSince;

    public Reachability(Clock clock, Duration defaultLease) {
        this.clock = clock;
        this.defaultLease = defaultLease;
    }

    /** The handler to add to the Lease informer (before it starts). */
    public ResourceHandler<Lease> leaseHandler() {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(Lease lease) {
                observe(lease);
            }

            @Override
            public void onUpdate(Lease old, Lease now) {
                observe(now);
            }

            @Override
            public void onDelete(Lease last) {
                withLease.remove(last.metadata().name());
                graces.remove(last.metadata().name());
            }
        };
    }

    /** Records a lease as seen now, when its version is new. */
    void observe(Lease lease) {
        String node = lease.metadata().name();
        Duration grace = lease.spec() == null
                        || lease.spec().duration() == null
                        || !lease.spec().duration().isPositive()
                ? defaultLease
                : lease.spec().duration();
        graces.put(node, grace);
        withLease.add(node);
        long version = lease.metadata().resourceVersion();
        Instant now = clock.instant();
        seen.compute(node, (n, old) -> old != null && old.version() == version ? old : new Observation(version, now));
    }

    /** The node's grace: its lease's duration, or the default for a node without one. */
    public Duration grace(String node) {
        return graces.getOrDefault(node, defaultLease);
    }

    /** When the last renewal of {@code node} was seen (or when it was first asked about). */
    public Instant lastSeen(String node) {
        return observation(node).at();
    }

    private Observation observation(String node) {
        return seen.computeIfAbsent(node, n -> new Observation(-1, clock.instant()));
    }

    /** True when the node has a lease (as far as the informer showed). */
    public boolean hasLease(String node) {
        return withLease.contains(node);
    }

    /**
     * When the node became unreachable — its last seen renewal plus its grace — once that moment has
     * passed; empty while it is reachable (at the very moment it is still in time).
     */
    public Optional<Instant> unreachableSince(String node) {
        Instant at = lastSeen(node).plus(grace(node));
        return clock.instant().isAfter(at) ? Optional.of(at) : Optional.empty();
    }

    /** When the node turns unreachable if it does not renew before. */
    public Instant deadline(String node) {
        return lastSeen(node).plus(grace(node));
    }

    /**
     * Checks a lease just read from the store against what was seen: true (and it is recorded as
     * seen now) when it was renewed since — the informer has not delivered that renewal yet, and the
     * node must not be judged on the older one.
     */
    public boolean renewedSince(String node, Optional<Lease> fresh) {
        if (fresh.isEmpty()) {
            return false;
        }
        Observation before = observation(node);
        if (fresh.get().metadata().resourceVersion() == before.version()) {
            return false;
        }
        observe(fresh.get());
        return true;
    }

    /**
     * This control plane could not see renewals for a while (its watch of leases was lost, it
     * restarted): every node's last renewal counts as seen now.
     */
    public void blindSpot(String why) {
        Instant now = clock.instant();
        seen.replaceAll((node, o) -> o.at().isBefore(now) ? new Observation(o.version(), now) : o);
        LOG.info("{}: every node gets a full grace of fresh leases before it can be declared unreachable", why);
    }

    /** A store operation failed: leases may not have been written or seen. */
    public void storeTrouble(String what) {
        if (troubleSince == null) {
            troubleSince = clock.instant();
            LOG.warn("the store failed ({}); no node is judged until it answers again and a grace has passed", what);
        }
    }

    /** A store operation succeeded: if the store had failed, its outage ends here. */
    public void storeAnswered() {
        if (troubleSince != null) {
            Instant since = troubleSince;
            troubleSince = null;
            blindSpot("the store answers again after failing since " + since);
        }
    }

    /** True while the store is failing: nothing is judged. */
    public boolean storeTroubled() {
        return troubleSince != null;
    }
}
