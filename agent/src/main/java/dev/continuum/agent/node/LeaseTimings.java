package dev.continuum.agent.node;

import dev.continuum.model.Tier;
import java.time.Duration;

/**
 * The default lease timings of a node by tier, and the formula behind them. A node is declared
 * unreachable when no renewal arrived for its grace (the lease duration):
 *
 * <pre>
 *   grace = renewal × N + network allowance + store failover allowance        N = {@value #MISSED_RENEWALS}
 * </pre>
 *
 * so that N renewals in a row may be lost, the last one may take as long as the tier's worst link
 * allows, and the control plane's store may fail over once, before anyone is called unreachable.
 *
 * <pre>
 *   tier           renewal   network   store   grace
 *   cloud             2s        1s       3s     10s
 *   cloud-edge        2s        2s       3s     11s
 *   network-edge      5s        3s       3s     21s
 *   gateway           5s        5s       3s     23s
 *   device           10s       10s       3s     43s
 *   (no tier)      as cloud
 * </pre>
 *
 * Edge tiers renew less often (radio links, batteries, metered uplinks) and tolerate slower links;
 * the store allowance is an etcd leader election (about 1 s of election timeout, a few rounds in
 * the worst case) or a SQLite control plane restarting.
 */
public final class LeaseTimings {

    /** How many renewals in a row may be lost before a node is unreachable. */
    public static final int MISSED_RENEWALS = 3;
    /** How long the control plane's store may be away during a failover. */
    public static final Duration STORE_FAILOVER = Duration.ofSeconds(3);

    private LeaseTimings() {}

    /** The default renewal interval of a tier (cloud when null). */
    public static Duration renewal(Tier tier) {
        return switch (tier == null ? Tier.CLOUD : tier) {
            case CLOUD, CLOUD_EDGE -> Duration.ofSeconds(2);
            case NETWORK_EDGE, GATEWAY -> Duration.ofSeconds(5);
            case DEVICE -> Duration.ofSeconds(10);
        };
    }

    /** The worst network delay of a renewal on a tier's links (cloud when null). */
    public static Duration network(Tier tier) {
        return switch (tier == null ? Tier.CLOUD : tier) {
            case CLOUD -> Duration.ofSeconds(1);
            case CLOUD_EDGE -> Duration.ofSeconds(2);
            case NETWORK_EDGE -> Duration.ofSeconds(3);
            case GATEWAY -> Duration.ofSeconds(5);
            case DEVICE -> Duration.ofSeconds(10);
        };
    }

    /** The grace of a node of {@code tier} that renews every {@code renewal}: the formula above. */
    public static Duration grace(Tier tier, Duration renewal) {
        return renewal.multipliedBy(MISSED_RENEWALS).plus(network(tier)).plus(STORE_FAILOVER);
    }
}
