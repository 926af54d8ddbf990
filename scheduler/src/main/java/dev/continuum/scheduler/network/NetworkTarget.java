package dev.continuum.scheduler.network;

import dev.continuum.scheduler.NodeSet;

/**
 * Something latency and bandwidth are measured to: one node, the nodes of a site, the node a
 * Device is attached to, the nodes running a linked component, or a point on the map. Its RTT from
 * a node is the RTT to its nearest part. Built by {@link NetworkModel}, which memoizes each node's
 * answer until the network changes.
 */
public final class NetworkTarget {

    private final String description;
    /** The nodes that make up the target, by slot. */
    final int[] anchors;
    /** Per anchor: its ancestors and the nodes linked to them, with the best path from each to it. */
    final SlotTable[] portals;
    /** Per anchor (or the one point of a location target): where it is on the map; NaN when nowhere. */
    final double[] positionLat;

    final double[] positionLon;
    /** RTT from each anchor to its position (its own or its nearest located ancestor's). */
    final double[] positionRtt;

    /** Answers already computed, by slot: sparse, since the neighbourhood of a target is small. */
    final SlotTable memo;
    /** Nodes whose path up the hierarchy does not reach every anchor: the geographic estimate may apply. */
    NodeSet outsiders;
    /** Bytes the model's budget last counted for this target. */
    long counted;

    NetworkTarget(String description, int[] anchors, SlotTable[] portals, double[][] positions) {
        this.description = description;
        this.anchors = anchors;
        this.portals = portals;
        this.positionLat = positions[0];
        this.positionLon = positions[1];
        this.positionRtt = positions[2];
        this.memo = new SlotTable();
    }

    private NetworkTarget(NetworkTarget same, String description) {
        this.description = description;
        this.anchors = same.anchors;
        this.portals = same.portals;
        this.positionLat = same.positionLat;
        this.positionLon = same.positionLon;
        this.positionRtt = same.positionRtt;
        this.memo = same.memo;
        this.outsiders = same.outsiders;
    }

    /** The same target, sharing its memo, under another name (a device is the node it is attached to). */
    NetworkTarget describedAs(String other) {
        return new NetworkTarget(this, other);
    }

    /** For messages: {@code site factory-3}, {@code node n5}, {@code device car-7 (at gw-2)}. */
    public String description() {
        return description;
    }

    /** True when the target names nothing the view knows: no node, no site member, no place. */
    public boolean isEmpty() {
        return anchors.length == 0 && positionLat.length == 0;
    }

    /** Whether the node in {@code slot} is part of the target itself. */
    public boolean contains(int slot) {
        for (int a : anchors) {
            if (a == slot) {
                return true;
            }
        }
        return false;
    }

    long bytes() {
        long tables = 0;
        for (SlotTable t : portals) {
            tables += t.bytes();
        }
        return memo.bytes() + tables + 32L * anchors.length + (outsiders == null ? 0 : 8L * outsiders.wordCount());
    }

    @Override
    public String toString() {
        return description;
    }
}
