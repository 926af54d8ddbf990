package dev.continuum.scheduler.network;

/**
 * A node's path up the {@code spec.parent} hierarchy: the node itself first, then each ancestor
 * reachable with a known RTT, with the accumulated RTT and the narrowest bandwidth from the node
 * to it. Also where the node is on the map: its own coordinates or those of its nearest located
 * ancestor.
 */
final class Ancestry {

    final int[] slots;
    final double[] rttMs;
    final double[] bandwidthMbps;
    final int length;
    /** Index in the chain of the first node with coordinates; -1 when none has any. */
    final int located;

    Ancestry(int[] slots, double[] rttMs, double[] bandwidthMbps, int length, int located) {
        this.slots = slots;
        this.rttMs = rttMs;
        this.bandwidthMbps = bandwidthMbps;
        this.length = length;
        this.located = located;
    }
}
