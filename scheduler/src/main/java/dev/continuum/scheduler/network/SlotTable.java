package dev.continuum.scheduler.network;

import java.util.Arrays;

/**
 * A small open-addressing map from node slot to a path (RTT and bandwidth): the best known path
 * through that node when {@link #offer}ed (keeping the lower RTT), or a memoized answer when
 * {@link #put}. Avoids boxing on the path computations.
 */
final class SlotTable {

    private int[] keys;
    private double[] rtt;
    private double[] bandwidth;
    private int size;

    SlotTable() {
        keys = new int[16];
        Arrays.fill(keys, -1);
        rtt = new double[16];
        bandwidth = new double[16];
    }

    void offer(int slot, double rttMs, double bandwidthMbps) {
        if (slot < 0 || Double.isNaN(rttMs)) {
            return;
        }
        int i = find(slot);
        if (keys[i] == slot) {
            if (rttMs < rtt[i]) {
                rtt[i] = rttMs;
                bandwidth[i] = bandwidthMbps;
            }
            return;
        }
        keys[i] = slot;
        rtt[i] = rttMs;
        bandwidth[i] = bandwidthMbps;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    /** Stores a path for a slot not yet in the table, NaN values included; returns its index. */
    int put(int slot, double rttMs, double bandwidthMbps) {
        int i = find(slot);
        keys[i] = slot;
        rtt[i] = rttMs;
        bandwidth[i] = bandwidthMbps;
        if (++size * 2 > keys.length) {
            grow();
            return find(slot);
        }
        return i;
    }

    /** Index of the entry for {@code slot}, or -1. */
    int indexOf(int slot) {
        int i = find(slot);
        return keys[i] == slot ? i : -1;
    }

    double rttAt(int index) {
        return rtt[index];
    }

    double bandwidthAt(int index) {
        return bandwidth[index];
    }

    /** Upper bound of entry indexes, for iterating with {@link #keyAt}. */
    int capacity() {
        return keys.length;
    }

    /** The slot at entry {@code index}; -1 for an empty entry. */
    int keyAt(int index) {
        return keys[index];
    }

    private int find(int slot) {
        int mask = keys.length - 1;
        int i = (slot * 0x9E3779B9) >>> 1 & mask;
        while (keys[i] != -1 && keys[i] != slot) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        int[] oldKeys = keys;
        double[] oldRtt = rtt;
        double[] oldBw = bandwidth;
        keys = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        rtt = new double[keys.length];
        bandwidth = new double[keys.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1) {
                int at = find(oldKeys[i]);
                keys[at] = oldKeys[i];
                rtt[at] = oldRtt[i];
                bandwidth[at] = oldBw[i];
                size++;
            }
        }
    }

    long bytes() {
        return keys.length * 20L;
    }
}
