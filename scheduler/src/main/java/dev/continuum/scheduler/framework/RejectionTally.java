package dev.continuum.scheduler.framework;

import java.util.Arrays;

/**
 * Counts rejected nodes by plugin and summary, for the one-line verdict
 * {@code 0/1200 nodes fit: 900 wrong tier, 250 latency > 10 ms to site factory-3}, and keeps the
 * first few nodes of each kind as examples for the rejections an unschedulable decision lists.
 * Matches the rejection objects plugins return by identity first, so counting costs a few
 * comparisons.
 */
public final class RejectionTally {

    /** Examples kept per kind of rejection. */
    static final int EXAMPLES = 32;

    private FilterResult[] results = new FilterResult[8];
    private String[] plugins = new String[8];
    private String[] summaries = new String[8];
    private int[] counts = new int[8];
    private int[] orders = new int[8];
    private int[][] examples = new int[8][];
    private int[] exampleCounts = new int[8];
    private int size;

    /** Counts one node, in {@code slot}, rejected by the plugin at {@code order} in its profile. */
    void add(int order, String plugin, FilterResult result, int slot) {
        for (int i = 0; i < size; i++) {
            if (results[i] == result) {
                counts[i]++;
                example(i, slot);
                return;
            }
        }
        int entry = entry(order, plugin, result.summary());
        if (results[entry] == null) {
            results[entry] = result;
        }
        counts[entry]++;
        example(entry, slot);
    }

    /** The entry for a kind of rejection, made with no nodes counted when new. */
    int entry(int order, String plugin, String summary) {
        for (int i = 0; i < size; i++) {
            if (summaries[i].equals(summary) && plugins[i].equals(plugin)) {
                return i;
            }
        }
        if (size == counts.length) {
            int n = size * 2;
            results = Arrays.copyOf(results, n);
            plugins = Arrays.copyOf(plugins, n);
            summaries = Arrays.copyOf(summaries, n);
            counts = Arrays.copyOf(counts, n);
            orders = Arrays.copyOf(orders, n);
            examples = Arrays.copyOf(examples, n);
            exampleCounts = Arrays.copyOf(exampleCounts, n);
        }
        plugins[size] = plugin;
        summaries[size] = summary;
        orders[size] = order;
        return size++;
    }

    void count(int entry, int nodes) {
        counts[entry] += nodes;
    }

    boolean wantsExample(int entry) {
        return exampleCounts[entry] < EXAMPLES;
    }

    void example(int entry, int slot) {
        if (exampleCounts[entry] < EXAMPLES) {
            if (examples[entry] == null) {
                examples[entry] = new int[EXAMPLES];
            }
            examples[entry][exampleCounts[entry]++] = slot;
        }
    }

    /** How many distinct kinds of rejection were counted. */
    public int size() {
        int kinds = 0;
        for (int i = 0; i < size; i++) {
            if (counts[i] > 0) {
                kinds++;
            }
        }
        return kinds;
    }

    /**
     * The kinds with nodes counted: most common first, then in the order the profile runs the
     * plugins, then by summary, so the same counts always read the same.
     */
    public int[] kinds() {
        return Arrays.stream(order()).mapToInt(Integer::intValue).toArray();
    }

    public String plugin(int kind) {
        return plugins[kind];
    }

    public String summary(int kind) {
        return summaries[kind];
    }

    public int count(int kind) {
        return counts[kind];
    }

    /** Where the rejecting plugin stands in its profile's filter order. */
    public int order(int kind) {
        return orders[kind];
    }

    /** Slots of the first nodes counted under {@code kind}. */
    public int[] examples(int kind) {
        return examples[kind] == null ? new int[0] : Arrays.copyOf(examples[kind], exampleCounts[kind]);
    }

    /** {@code 900 wrong tier, 250 latency > 10 ms to site factory-3}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Integer i : order()) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(counts[i]).append(' ').append(summaries[i]);
        }
        return out.toString();
    }

    private Integer[] order() {
        Integer[] order = new Integer[size()];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (counts[i] > 0) {
                order[n++] = i;
            }
        }
        Arrays.sort(order, (a, b) -> {
            if (counts[a] != counts[b]) {
                return Integer.compare(counts[b], counts[a]);
            }
            return orders[a] != orders[b]
                    ? Integer.compare(orders[a], orders[b])
                    : summaries[a].compareTo(summaries[b]);
        });
        return order;
    }
}
