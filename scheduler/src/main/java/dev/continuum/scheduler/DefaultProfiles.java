package dev.continuum.scheduler;

import dev.continuum.scheduler.framework.Profile;
import dev.continuum.scheduler.framework.Sampling;
import dev.continuum.scheduler.plugins.accelerators.AcceleratorFit;
import dev.continuum.scheduler.plugins.bandwidth.BandwidthFit;
import dev.continuum.scheduler.plugins.eligibility.NodeEligibility;
import dev.continuum.scheduler.plugins.energy.EnergyScore;
import dev.continuum.scheduler.plugins.latency.LatencyFit;
import dev.continuum.scheduler.plugins.links.ComponentLinks;
import dev.continuum.scheduler.plugins.nodeselector.NodeSelectorFit;
import dev.continuum.scheduler.plugins.platform.PlatformFit;
import dev.continuum.scheduler.plugins.power.PowerFit;
import dev.continuum.scheduler.plugins.realtime.RealtimeFit;
import dev.continuum.scheduler.plugins.resources.ResourcesFit;
import dev.continuum.scheduler.plugins.runtime.RuntimeFit;
import dev.continuum.scheduler.plugins.spread.TopologySpread;
import dev.continuum.scheduler.plugins.taints.TaintToleration;
import dev.continuum.scheduler.plugins.tier.TierFit;
import dev.continuum.scheduler.preemption.DefaultPreemption;
import java.util.List;

/**
 * The profiles every scheduler starts with. Filters run in the order listed; the first that
 * rejects a node is the one its explanation names, so cheap and broad filters come before costly
 * and narrow ones.
 */
public final class DefaultProfiles {

    /** Spreads load (least-allocated): keeps headroom on every node for bursts and failover. */
    public static final String DEFAULT = Scheduler.DEFAULT_PROFILE;

    /** Packs load (most-allocated) and weighs energy higher: idle nodes can sleep or stay cool. */
    public static final String BINPACK = "binpack";

    private DefaultProfiles() {}

    public static List<Profile> all() {
        return List.of(spreading(), binpacking());
    }

    public static Profile spreading() {
        return stack(DEFAULT, ResourcesFit.Strategy.LEAST_ALLOCATED, 1, 1);
    }

    public static Profile binpacking() {
        return stack(BINPACK, ResourcesFit.Strategy.MOST_ALLOCATED, 3, 3);
    }

    /**
     * The generic stack: the same filters for every profile; the resource strategy, and how much
     * it and energy weigh, chosen per profile.
     */
    static Profile stack(String name, ResourcesFit.Strategy strategy, double resourcesWeight, double energyWeight) {
        ResourcesFit resources = new ResourcesFit(strategy);
        TierFit tier = new TierFit();
        TaintToleration taints = new TaintToleration();
        PowerFit power = new PowerFit();
        AcceleratorFit accelerators = new AcceleratorFit();
        LatencyFit latency = new LatencyFit();
        ComponentLinks links = new ComponentLinks();
        TopologySpread spread = new TopologySpread();
        return Profile.named(name)
                // A node that is not Ready or is cordoned takes nothing: drop it by index before
                // anything else looks at it, and say so first in every explanation.
                .filter(new NodeEligibility())
                // What the node can run at all (runtime, arch/os, tier, dedicated cores) are facts
                // that change only when the node does: indexed bitsets, so thousands of nodes go in
                // a few hundred word operations. Broadest and cheapest, hence first.
                .filter(new RuntimeFit())
                .filter(new PlatformFit())
                .filter(tier)
                .filter(new RealtimeFit())
                // Labels and taints: a map lookup or two per node; most nodes have no taints.
                .filter(new NodeSelectorFit())
                .filter(taints)
                // Power: a field compare, and it removes dying devices before resources are weighed.
                .filter(power)
                // Resources change with every binding, so they cannot be indexed; arithmetic only.
                .filter(resources)
                // Accelerators: a short list scan, and rarely asked for.
                .filter(accelerators)
                // The network model: memoized per target, but the first look at a node walks its
                // ancestors; only the nodes that survived everything cheaper get here.
                .filter(latency)
                .filter(new BandwidthFit())
                .filter(links)
                // Spread last: it counts copies per domain over the candidates the indexes left,
                // and its verdict is the one most worth overriding by moving other copies.
                .filter(spread)
                // Latency to the users is why the edge exists: the heaviest preference.
                .score(latency, 4)
                // Short links between an application's components, then its tier wishes.
                .score(links, 3)
                .score(tier, 2)
                .score(accelerators, 2)
                // Keep work off nodes that would die first; keep copies apart.
                .score(power, 2)
                .score(spread, 1)
                .score(resources, resourcesWeight)
                .score(new EnergyScore(), energyWeight)
                .score(taints, 1)
                // Nothing fits: evict lower-priority work where that disrupts least.
                .postFilter(new DefaultPreemption())
                // Rank at least 50 and at most 200 fitting nodes (kube-scheduler's adaptive share
                // in between): enough choice for a good spread, bounded cost on large fleets.
                .sampling(Sampling.adaptive(50, 200))
                .build();
    }
}
