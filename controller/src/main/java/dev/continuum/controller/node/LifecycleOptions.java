package dev.continuum.controller.node;

import dev.continuum.model.Tier;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the control plane treats nodes that stop renewing their leases.
 *
 * @param autonomy the autonomy window of a node that does not set {@code spec.autonomy}, by tier (a
 *     node without a tier counts as cloud): how long its Instances are kept, not replaced, while it
 *     is unreachable. Edge tiers keep their work long; cloud nodes fail over at once
 * @param fencingMargin how much longer than an at-most-one copy's {@code stopOnNodeAfter} the control
 *     plane waits before it starts a replacement: the time the agent may take to stop the copy, and
 *     clock drift
 * @param evictionRate how many unreachable nodes per second may have their Instances replaced
 * @param evictionBurst how many may start at once (the bucket of the rate limit)
 * @param unhealthyThreshold when at least this fraction of the fleet (and two nodes or more) is
 *     unreachable at once, nothing is replaced: that looks like the control plane's or the network's
 *     problem, not node loss
 * @param lostNodeRetention how long a lost node is kept after its autonomy window before its Node and
 *     Lease are deleted (a node that left for good)
 */
public record LifecycleOptions(
        Map<Tier, Duration> autonomy,
        Duration fencingMargin,
        double evictionRate,
        int evictionBurst,
        double unhealthyThreshold,
        Duration lostNodeRetention) {

    public LifecycleOptions {
        EnumMap<Tier, Duration> full = new EnumMap<>(Tier.class);
        full.putAll(DEFAULT_AUTONOMY);
        if (autonomy != null) {
            autonomy.forEach((tier, window) -> {
                Objects.requireNonNull(tier, "autonomy tier");
                if (window == null || window.isNegative()) {
                    throw new IllegalArgumentException(
                            "the autonomy window of tier " + tier.wireName() + " must be 0 or more, not " + window);
                }
                full.put(tier, window);
            });
        }
        autonomy = Map.copyOf(full);
        requireNotNegative("fencingMargin", fencingMargin);
        requireNotNegative("lostNodeRetention", lostNodeRetention);
        if (!(evictionRate > 0)) {
            throw new IllegalArgumentException(
                    "evictionRate must be more than 0 nodes per second, not " + evictionRate);
        }
        if (evictionBurst < 1) {
            throw new IllegalArgumentException("evictionBurst must be at least 1, not " + evictionBurst);
        }
        if (!(unhealthyThreshold > 0 && unhealthyThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "unhealthyThreshold must be a fraction in (0, 1], not " + unhealthyThreshold);
        }
    }

    /** cloud 0s, cloud-edge 1m, network-edge 10m, gateway and device 24h. */
    public static final Map<Tier, Duration> DEFAULT_AUTONOMY = Map.of(
            Tier.CLOUD, Duration.ZERO,
            Tier.CLOUD_EDGE, Duration.ofMinutes(1),
            Tier.NETWORK_EDGE, Duration.ofMinutes(10),
            Tier.GATEWAY, Duration.ofHours(24),
            Tier.DEVICE, Duration.ofHours(24));

    /**
     * The default autonomy windows, a 5 s fencing margin, one node every 5 s (a burst of 2), evictions
     * paused at 55% of the fleet unreachable (as Kubernetes), lost nodes removed a day after their window.
     */
    public static LifecycleOptions defaults() {
        return new LifecycleOptions(DEFAULT_AUTONOMY, Duration.ofSeconds(5), 0.2, 2, 0.55, Duration.ofHours(24));
    }

    /** The window of a node of {@code tier} (cloud when null) that does not set its own. */
    public Duration autonomyOf(Tier tier) {
        return autonomy.get(tier == null ? Tier.CLOUD : tier);
    }

    public LifecycleOptions withAutonomy(Map<Tier, Duration> value) {
        Map<Tier, Duration> merged = new EnumMap<>(Tier.class);
        merged.putAll(autonomy);
        merged.putAll(value);
        return new LifecycleOptions(
                merged, fencingMargin, evictionRate, evictionBurst, unhealthyThreshold, lostNodeRetention);
    }

    public LifecycleOptions withFencingMargin(Duration value) {
        return new LifecycleOptions(
                autonomy, value, evictionRate, evictionBurst, unhealthyThreshold, lostNodeRetention);
    }

    public LifecycleOptions withEvictionRate(double perSecond, int burst) {
        return new LifecycleOptions(autonomy, fencingMargin, perSecond, burst, unhealthyThreshold, lostNodeRetention);
    }

    public LifecycleOptions withUnhealthyThreshold(double value) {
        return new LifecycleOptions(autonomy, fencingMargin, evictionRate, evictionBurst, value, lostNodeRetention);
    }

    public LifecycleOptions withLostNodeRetention(Duration value) {
        return new LifecycleOptions(autonomy, fencingMargin, evictionRate, evictionBurst, unhealthyThreshold, value);
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
        }
    }
}
