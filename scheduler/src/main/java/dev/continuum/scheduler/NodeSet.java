package dev.continuum.scheduler;

import java.util.Arrays;

/**
 * A set of node slots as a bitset: the form of the scheduler's indexes (nodes by tier, arch,
 * runtime, ...), so that a pre-filter can narrow ten thousand nodes with a few hundred word
 * operations instead of looking at each node.
 *
 * <p>Sets handed out by a {@link ClusterView} are read-only to their readers; only the view that
 * owns them changes them, between decisions.
 */
public final class NodeSet {

    private long[] words;
    private int size;

    NodeSet() {
        this.words = new long[1];
    }

    /** Whether the node in {@code slot} is in the set. */
    public boolean contains(int slot) {
        int w = slot >>> 6;
        return w < words.length && (words[w] & (1L << slot)) != 0;
    }

    /** How many nodes are in the set. */
    public int cardinality() {
        return size;
    }

    /** The number of 64-slot words backing the set; words past it are empty. */
    public int wordCount() {
        return words.length;
    }

    /** The word holding slots {@code 64 * index} to {@code 64 * index + 63}; 0 past the end. */
    public long word(int index) {
        return index < words.length ? words[index] : 0L;
    }

    void add(int slot) {
        int w = slot >>> 6;
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        if ((words[w] & (1L << slot)) == 0) {
            words[w] |= 1L << slot;
            size++;
        }
    }

    void remove(int slot) {
        int w = slot >>> 6;
        if (w < words.length && (words[w] & (1L << slot)) != 0) {
            words[w] &= ~(1L << slot);
            size--;
        }
    }

    void or(NodeSet other) {
        if (other.words.length > words.length) {
            words = Arrays.copyOf(words, other.words.length);
        }
        for (int i = 0; i < other.words.length; i++) {
            size += Long.bitCount(other.words[i] & ~words[i]);
            words[i] |= other.words[i];
        }
    }

    void set(int slot, boolean present) {
        if (present) {
            add(slot);
        } else {
            remove(slot);
        }
    }

    @Override
    public String toString() {
        return "NodeSet[" + cardinality() + " nodes]";
    }
}
