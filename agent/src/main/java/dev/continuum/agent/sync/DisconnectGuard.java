package dev.continuum.agent.sync;

import dev.continuum.agent.node.Contact;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's half of the disconnect policy: it stops a copy whose component says
 * {@code stopOnNodeAfter} (at-most-one components: {@code lostAfter}) once the node has been cut off
 * from the control plane that long, and runs it again only when the control plane has confirmed it.
 *
 * <pre>
 *   RUNNING ──cut off ≥ stopOnNodeAfter (checked every 100 ms)──▶ STOPPED (status Stopped, NodeCutOff;
 *      ▲                                                              kept stopped across restarts)
 *      │                                                                   │ contact again
 *      │   GET the Instance (a fresh read)                                 ▼
 *      └── still bound here, same uid and epoch, neither fenced nor lost, and a compare-and-swap
 *          status write ("Reclaimed") on exactly that version succeeds
 *          otherwise: gone or moved (the watch removes it), a new epoch (the watch starts it),
 *          fenced or lost (wait for the control plane's verdict), conflict (read again)
 * </pre>
 *
 * <p>The compare-and-swap is the agent's side of the fencing handshake: the control plane fences a
 * copy with a compare-and-swap on the same object, after checking that the node's lease was not
 * renewed, so of a reclaim and a fence racing each other exactly one wins. The time is
 * {@link Contact#cutOffFor()}: since the last acknowledged lease renewal was <em>sent</em>, and it
 * carries over an agent restart. See {@code docs/architecture/autonomy.md} for the whole argument.
 *
 * <p>Checks run on the sync's worker; reclaims (network calls) on a virtual thread of their own,
 * one round at a time. Thread-safe.
 */
public final class DisconnectGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DisconnectGuard.class);

    /** The status reason of a copy the agent stopped because the node was cut off too long. */
    public static final String CUT_OFF = "NodeCutOff";
    /** The status reason the agent writes when it claims a cut-off copy back. */
    public static final String RECLAIMED = "Reclaimed";

    static final Duration CHECK_EVERY = Duration.ofMillis(100);
    private static final Duration RECLAIM_EVERY = Duration.ofSeconds(1);
    private static final int ATTEMPTS = 5;

    private final InstanceSync sync;
    private final Contact contact;
    private final ContinuumClient client;
    private final String nodeName;
    private final Duration grace;
    private final Clock clock;
    private final AtomicBoolean reclaiming = new AtomicBoolean();
    private volatile boolean again;
    private long lastReclaim = System.nanoTime();

    /**
     * @param client the client for reclaims (short timeouts: it is used right after contact returns)
     * @param grace the node's lease duration: no copy is stopped after less than that
     */
    public DisconnectGuard(
            InstanceSync sync, Contact contact, ContinuumClient client, String nodeName, Duration grace, Clock clock) {
        this.sync = sync;
        this.contact = contact;
        this.client = client;
        this.nodeName = nodeName;
        this.grace = grace;
        this.clock = clock;
    }

    /** Attaches to the sync and starts checking. Call before {@link InstanceSync#restore()}. */
    public DisconnectGuard start() {
        sync.guard(this);
        contact.onRegained(this::reclaimLater);
        sync.every(CHECK_EVERY, this::check);
        return this;
    }

    /** How long the agent lets this copy run while cut off, if it stops it at all. */
    Optional<Duration> stopAfter(Instance instance) {
        return Disconnection.stopOnNodeAfter(instance.spec().template(), grace);
    }

    /** True when the node has been cut off for at least the copy's {@code stopOnNodeAfter}. */
    boolean cutOffTooLong(Instance instance) {
        return stopAfter(instance)
                .map(limit -> contact.cutOffFor().compareTo(limit) >= 0)
                .orElse(false);
    }

    String describeCutOff(Instance instance) {
        return "cut off from the control plane for " + seconds(contact.cutOffFor())
                + ", at least its component's stopOnNodeAfter ("
                + stopAfter(instance).map(DisconnectGuard::seconds).orElse("none") + ")";
    }

    /** On the worker: stops copies cut off too long; retries reclaims now and then. */
    private void check() {
        for (Instance running : sync.runningInstances()) {
            if (cutOffTooLong(running)) {
                sync.stopForCutOff(running, describeCutOff(running));
            }
        }
        long now = System.nanoTime();
        if (!contact.inGap() && !sync.stoppedForCutOff().isEmpty() && now - lastReclaim >= RECLAIM_EVERY.toNanos()) {
            lastReclaim = now;
            reclaimLater();
        }
    }

    /** Tries to claim back the cut-off copies, on a thread of its own; merges with a round under way. */
    public void reclaimLater() {
        again = true;
        if (!reclaiming.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("reclaim " + nodeName).start(() -> {
            try {
                while (again) {
                    again = false;
                    reclaimAll();
                }
            } finally {
                reclaiming.set(false);
            }
        });
    }

    private void reclaimAll() {
        if (contact.inGap()) {
            return;
        }
        for (Map.Entry<InstanceKey, Instance> e : sync.stoppedForCutOff().entrySet()) {
            try {
                reclaim(e.getKey(), e.getValue());
            } catch (ApiException failure) {
                if (failure.isUnreachable()) {
                    return;
                }
                LOG.warn("cannot claim Instance {} back: {}", e.getKey(), failure.getMessage());
            }
        }
    }

    private void reclaim(InstanceKey key, Instance stopped) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Instance fresh =
                    client.get(Instance.class, key.namespace(), key.name()).orElse(null);
            if (fresh == null
                    || !nodeName.equals(fresh.spec().node())
                    || !Objects.equals(
                            fresh.metadata().uid(), stopped.metadata().uid())) {
                sync.submit(() -> sync.dropCutOff(key)); // the watch removes it
                return;
            }
            if (fresh.spec().epoch() != stopped.spec().epoch()) {
                return; // a new epoch: the watch brings it and it starts as any other
            }
            if (Disconnection.fenced(fresh) || Disconnection.lost(fresh)) {
                LOG.info(
                        "Instance {} stays stopped: the control plane has {} it; waiting for its verdict",
                        key,
                        Disconnection.fenced(fresh) ? "fenced" : "declared lost");
                return;
            }
            InstanceStatus claim = fresh.status()
                    .withPhase(
                            InstancePhase.STARTING,
                            RECLAIMED,
                            "back in touch with the control plane after being cut off; starting again",
                            clock.instant())
                    .withObservedEpoch(fresh.spec().epoch());
            try {
                Instance claimed = client.updateStatus(fresh.withStatus(claim));
                LOG.info(
                        "claimed Instance {} back at epoch {}",
                        key,
                        claimed.spec().epoch());
                sync.submit(() -> sync.resume(claimed));
                return;
            } catch (ApiException e) {
                if (!e.isConflict()) {
                    throw e;
                }
            }
        }
        LOG.info("claiming Instance {} back kept conflicting; trying again later", key);
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0
                ? millis / 1000 + "s"
                : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
