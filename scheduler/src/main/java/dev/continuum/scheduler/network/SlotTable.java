package dev.continuum.scheduler.network;

import java.util.Arrays;

/**
 * A small open-addressing map from node slot to the best known path (RTT and bandwidth) through
 * that node, keeping the lower RTT when offered twice. Avoids boxing on the path computations.
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

    boolean isEmpty() {
        return size == 0;
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
                offer(oldKeys[i], oldRtt[i], oldBw[i]);
            }
        }
    }

    long bytes() {
        return keys.length * 20L;
    }
}
