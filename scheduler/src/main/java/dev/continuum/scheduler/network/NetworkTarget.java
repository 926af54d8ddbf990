package dev.continuum.scheduler.network;

import java.util.Arrays;

/**
 * Something latency and bandwidth are measured to: one node, the nodes of a site, the node a
 * Device is attached to, the nodes running a linked component, or a point on the map. Built by
 * {@link NetworkModel}, which memoizes each node's path to it until the network changes.
 */
public final class NetworkTarget {

    private static final float NOT_COMPUTED = -1f;

    private final String description;
    final int[] anchors;
    /** Where the anchors are on the map (their own or their nearest located ancestor's place). */
    final double[] positionLat;

    final double[] positionLon;
    /** RTT from each anchor to its position. */
    final double[] positionRtt;
    /** Anchors themselves (RTT 0) and nodes with a measured link to one. */
    final SlotTable direct;
    /** Ancestors of anchors and nodes linked to them, with the best path from there to an anchor. */
    final SlotTable portals;

    private final float[] rttMemo;
    private final float[] bandwidthMemo;

    NetworkTarget(String description, int[] anchors, double[][] positions, int slotLimit) {
        this.description = description;
        this.anchors = anchors;
        this.positionLat = positions[0];
        this.positionLon = positions[1];
        this.positionRtt = positions[2];
        this.direct = new SlotTable();
        this.portals = new SlotTable();
        this.rttMemo = new float[slotLimit];
        this.bandwidthMemo = new float[slotLimit];
        Arrays.fill(rttMemo, NOT_COMPUTED);
    }

    private NetworkTarget(NetworkTarget same, String description) {
        this.description = description;
        this.anchors = same.anchors;
        this.positionLat = same.positionLat;
        this.positionLon = same.positionLon;
        this.positionRtt = same.positionRtt;
        this.direct = same.direct;
        this.portals = same.portals;
        this.rttMemo = same.rttMemo;
        this.bandwidthMemo = same.bandwidthMemo;
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

    boolean computed(int slot) {
        return slot < rttMemo.length && rttMemo[slot] != NOT_COMPUTED;
    }

    double memoRtt(int slot) {
        return rttMemo[slot];
    }

    double memoBandwidth(int slot) {
        return bandwidthMemo[slot];
    }

    void memoize(int slot, double rttMs, double bandwidthMbps) {
        if (slot < rttMemo.length) {
            rttMemo[slot] = (float) rttMs;
            bandwidthMemo[slot] = (float) bandwidthMbps;
        }
    }

    long bytes() {
        return 8L * rttMemo.length + direct.bytes() + portals.bytes() + 64L * anchors.length;
    }

    @Override
    public String toString() {
        return description;
    }
}
