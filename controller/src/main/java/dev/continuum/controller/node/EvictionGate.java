package dev.continuum.controller.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an unreachable node's Instances may be replaced now. Two brakes, as in the
 * Kubernetes node lifecycle controller:
 *
 * <ul>
 *   <li><b>Rate:</b> a token bucket of {@code rate} nodes per second, {@code burst} deep; a node that
 *       got a token keeps it until it is reachable again, so all of its Instances go together.
 *   <li><b>Mass loss:</b> when at least {@code threshold} of the fleet (and two nodes or more) is
 *       unreachable at once, nothing is admitted: the control plane or the network is the likelier
 *       culprit, and replacing most of the fleet would only pile everything on the survivors.
 * </ul>
 *
 * Each refusal is a {@link Verdict} saying why. Thread-safe.
 */
public final class EvictionGate {

    private static final Logger LOG = LoggerFactory.getLogger(EvictionGate.class);

    /** Whether a node may have its Instances replaced now, and if not, why and when to ask again. */
    public record Verdict(boolean admitted, String reason, Duration retryAfter) {
        static Verdict yes() {
            return new Verdict(true, null, Duration.ZERO);
        }
    }

    private final Clock clock;
    private final double rate;
    private final int burst;
    private final double threshold;
    private final Set<String> admitted = new HashSet<>();
    private double tokens;
    private Instant refilled;
    private boolean paused;

    public EvictionGate(Clock clock, double ratePerSecond, int burst, double threshold) {
        this.clock = clock;
        this.rate = ratePerSecond;
        this.burst = burst;
        this.threshold = threshold;
        this.tokens = burst;
        this.refilled = clock.instant();
    }

    /**
     * @param unreachable how many nodes are unreachable now
     * @param total how many nodes the fleet has
     */
    public synchronized Verdict admit(String node, int unreachable, int total) {
        if (unreachable >= 2 && total > 0 && unreachable >= threshold * total) {
            if (!paused) {
                paused = true;
                LOG.warn(
                        "{} of {} nodes are unreachable at once: replacing nothing until fewer are (more likely a"
                                + " control-plane or network problem than node loss)",
                        unreachable,
                        total);
            }
            return new Verdict(
                    false,
                    unreachable + " of " + total + " nodes are unreachable at once (at least "
                            + Math.round(threshold * 100) + "%): replacements are paused",
                    Duration.ofSeconds(1));
        }
        if (paused) {
            paused = false;
            LOG.info("{} of {} nodes unreachable: replacements resume", unreachable, total);
        }
        if (admitted.contains(node)) {
            return Verdict.yes();
        }
        Instant now = clock.instant();
        double elapsed = Math.max(0, Duration.between(refilled, now).toNanos() / 1e9);
        tokens = Math.min(burst, tokens + elapsed * rate);
        refilled = now;
        if (tokens >= 1) {
            tokens -= 1;
            admitted.add(node);
            return Verdict.yes();
        }
        long waitNanos = (long) Math.ceil((1 - tokens) / rate * 1e9);
        return new Verdict(
                false, "replacements are rate-limited to " + rate + " nodes per second", Duration.ofNanos(waitNanos));
    }

    /** The node is reachable again (or gone): it needs a new token next time. */
    public synchronized void release(String node) {
        admitted.remove(node);
    }
}
