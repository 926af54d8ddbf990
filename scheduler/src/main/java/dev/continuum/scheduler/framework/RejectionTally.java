package dev.continuum.scheduler.framework;

import java.util.Arrays;

/**
 * Counts rejected nodes by plugin and summary, for the one-line verdict
 * {@code 0/1200 nodes fit: 900 wrong tier, 250 latency > 10 ms to site factory-3}. Matches the
 * rejection objects plugins return by identity first, so counting costs a few comparisons.
 */
public final class RejectionTally {

    private FilterResult[] results = new FilterResult[8];
    private String[] plugins = new String[8];
    private String[] summaries = new String[8];
    private int[] counts = new int[8];
    private int[] orders = new int[8];
    private int size;

    /** Counts one node rejected by the plugin at {@code order} in its profile. */
    void add(int order, String plugin, FilterResult result) {
        for (int i = 0; i < size; i++) {
            if (results[i] == result) {
                counts[i]++;
                return;
            }
        }
        add(order, plugin, result.summary(), 1, result);
    }

    void add(int order, String plugin, String summary, int count) {
        if (count > 0) {
            add(order, plugin, summary, count, null);
        }
    }

    private void add(int order, String plugin, String summary, int count, FilterResult result) {
        for (int i = 0; i < size; i++) {
            if (summaries[i].equals(summary) && plugins[i].equals(plugin)) {
                counts[i] += count;
                if (results[i] == null) {
                    results[i] = result;
                }
                return;
            }
        }
        if (size == counts.length) {
            results = Arrays.copyOf(results, size * 2);
            plugins = Arrays.copyOf(plugins, size * 2);
            summaries = Arrays.copyOf(summaries, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
            orders = Arrays.copyOf(orders, size * 2);
        }
        results[size] = result;
        plugins[size] = plugin;
        summaries[size] = summary;
        counts[size] = count;
        orders[size] = order;
        size++;
    }

    /** How many distinct (plugin, summary) pairs were counted. */
    public int size() {
        return size;
    }

    public String plugin(int i) {
        return plugins[i];
    }

    public String summary(int i) {
        return summaries[i];
    }

    public int count(int i) {
        return counts[i];
    }

    /** Total rejected nodes. */
    public int total() {
        int t = 0;
        for (int i = 0; i < size; i++) {
            t += counts[i];
        }
        return t;
    }

    /**
     * {@code 900 wrong tier, 250 latency > 10 ms to site factory-3}: most common first, then in
     * the order the profile runs the plugins, so the same counts always read the same.
     */
    public String describe() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            if (counts[a] != counts[b]) {
                return Integer.compare(counts[b], counts[a]);
            }
            return orders[a] != orders[b] ? Integer.compare(orders[a], orders[b]) : a - b;
        });
        StringBuilder out = new StringBuilder();
        for (Integer i : order) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(counts[i]).append(' ').append(summaries[i]);
        }
        return out.toString();
    }
}
