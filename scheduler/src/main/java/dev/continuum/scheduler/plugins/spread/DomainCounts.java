package dev.continuum.scheduler.plugins.spread;

import java.util.Arrays;

/** Copies per domain id, as an open-addressing int map: looked up for every node, so no boxing. */
final class DomainCounts {

    private int[] keys = new int[16];
    private int[] values = new int[16];
    private int size;

    DomainCounts() {
        Arrays.fill(keys, -1);
    }

    void increment(int domain) {
        int i = find(domain);
        if (keys[i] == domain) {
            values[i]++;
            return;
        }
        keys[i] = domain;
        values[i] = 1;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    int get(int domain) {
        int i = find(domain);
        return keys[i] == domain ? values[i] : 0;
    }

    int size() {
        return size;
    }

    private int find(int domain) {
        int mask = keys.length - 1;
        int i = (domain * 0x9E3779B9) >>> 1 & mask;
        while (keys[i] != -1 && keys[i] != domain) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[keys.length];
        Arrays.fill(keys, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1) {
                int at = find(oldKeys[i]);
                keys[at] = oldKeys[i];
                values[at] = oldValues[i];
                size++;
            }
        }
    }
}
