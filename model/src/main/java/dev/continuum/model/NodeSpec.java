package dev.continuum.model;

import java.time.Duration;
import java.util.List;

/**
 * What a node is meant to be: its tier, its uplink ({@code parent}), where it is, whether it moves,
 * how long its work is kept while it is unreachable ({@code autonomy}), its taints, and whether new
 * work may be placed on it.
 */
public record NodeSpec(
        Tier tier,
        String parent,
        Location location,
        Boolean mobile,
        Duration autonomy,
        List<Taint> taints,
        Boolean unschedulable) {

    public static final NodeSpec EMPTY = new NodeSpec(null, null, null, null, null, null, null);

    public NodeSpec {
        taints = Collections2.list(taints);
    }

    public NodeSpec withTier(Tier value) {
        return new NodeSpec(value, parent, location, mobile, autonomy, taints, unschedulable);
    }

    public NodeSpec withLocation(Location value) {
        return new NodeSpec(tier, parent, value, mobile, autonomy, taints, unschedulable);
    }

    public NodeSpec withParent(String value) {
        return new NodeSpec(tier, value, location, mobile, autonomy, taints, unschedulable);
    }

    public NodeSpec withTaints(List<Taint> value) {
        return new NodeSpec(tier, parent, location, mobile, autonomy, value, unschedulable);
    }
}
