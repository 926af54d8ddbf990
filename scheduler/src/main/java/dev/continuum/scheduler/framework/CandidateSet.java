package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The nodes still in the running for one decision: a bitset narrowed by the pre-filters'
 * restrictions, then walked in a pseudo-random order that visits every candidate exactly once.
 *
 * <p>The order starts at a point derived from the request and steps by a stride coprime with the
 * walk's length, so different instances look at different parts of the fleet first (fleets are
 * usually listed site by site) while the walk stays deterministic and complete. Dense sets are
 * walked slot by slot; sparse ones are first listed so the walk skips the empty slots.
 *
 * <p>Reused between decisions by one thread.
 */
final class CandidateSet {

    private long[] words = new long[0];
    private int limit;
    private int[] listed = new int[0];
    private int listedCount;
    private boolean sparse;
    private int length;
    private long stride;
    private int strideFor = -1;
    private long strideOf;
    private long position;
    private int visited;

    /**
     * One restriction: keep the candidates in any of {@code sets} (in none of them when
     * {@code excluding}; an empty {@code sets} keeps nothing), counting the dropped ones under the
     * tally's {@code entry}.
     */
    record Cut(int entry, List<NodeSet> sets, boolean excluding) {}

    /**
     * All nodes of the view narrowed by every cut. Counts nothing: the most selective cuts go
     * first, so most words are settled after one or two.
     */
    void narrow(NodeSet all, int slotLimit, List<Cut> cuts) {
        limit = slotLimit;
        int n = (slotLimit + 63) >>> 6;
        if (words.length < n) {
            words = new long[n];
        }
        Cut[] order = cuts.toArray(Cut[]::new);
        Arrays.sort(order, Comparator.comparingLong(CandidateSet::reach));
        for (int i = 0; i < n; i++) {
            long current = all.word(i);
            for (int c = 0; c < order.length && current != 0; c++) {
                current &= keep(order[c], i);
            }
            words[i] = current;
        }
        Arrays.fill(words, n, words.length, 0L);
    }

    /** How many nodes a cut can keep at most; excluding cuts, which keep most, sort last. */
    private static long reach(Cut cut) {
        if (cut.excluding()) {
            return Long.MAX_VALUE;
        }
        long reach = 0;
        for (NodeSet set : cut.sets()) {
            reach += set.cardinality();
        }
        return reach;
    }

    private static long keep(Cut cut, int word) {
        List<NodeSet> sets = cut.sets();
        long keep = 0;
        for (int s = 0; s < sets.size(); s++) {
            keep |= sets.get(s).word(word);
        }
        return cut.excluding() ? ~keep : keep;
    }

    /**
     * Counts, for the one-line summary, how many nodes each cut drops when they are applied in
     * profile order to every node, giving the first of each to {@code tally} as examples. Needed
     * only when nothing fits, so the fast path does not pay for it.
     */
    static void attribute(NodeSet all, int slotLimit, List<Cut> cuts, RejectionTally tally) {
        int n = (slotLimit + 63) >>> 6;
        int[] dropped = new int[cuts.size()];
        for (int i = 0; i < n; i++) {
            long current = all.word(i);
            for (int c = 0; c < dropped.length && current != 0; c++) {
                Cut cut = cuts.get(c);
                long keep = keep(cut, i);
                long gone = current & ~keep;
                if (gone != 0) {
                    dropped[c] += Long.bitCount(gone);
                    for (; gone != 0 && tally.wantsExample(cut.entry()); gone &= gone - 1) {
                        tally.example(cut.entry(), (i << 6) + Long.numberOfTrailingZeros(gone));
                    }
                    current &= keep;
                }
            }
        }
        for (int c = 0; c < dropped.length; c++) {
            tally.count(cuts.get(c).entry(), dropped[c]);
        }
    }

    boolean contains(int slot) {
        return slot >= 0 && slot < limit && (words[slot >>> 6] & (1L << slot)) != 0;
    }

    int cardinality() {
        int c = 0;
        int n = (limit + 63) >>> 6;
        for (int i = 0; i < n; i++) {
            c += Long.bitCount(words[i]);
        }
        return c;
    }

    /** The first candidate at or after {@code from}; -1 when none. */
    int nextSetBit(int from) {
        if (from < 0 || from >= limit) {
            return -1;
        }
        int i = from >>> 6;
        long w = words[i] & (-1L << from);
        int n = (limit + 63) >>> 6;
        while (true) {
            if (w != 0) {
                int slot = (i << 6) + Long.numberOfTrailingZeros(w);
                return slot < limit ? slot : -1;
            }
            if (++i >= n) {
                return -1;
            }
            w = words[i];
        }
    }

    /** Starts a walk over the candidates; {@code seed} picks where it begins. */
    void beginWalk(int seed, int cardinality) {
        sparse = (long) cardinality * 8 < limit;
        if (sparse) {
            if (listed.length < cardinality) {
                listed = new int[Math.max(cardinality, listed.length * 2)];
            }
            listedCount = 0;
            for (int s = nextSetBit(0); s >= 0; s = nextSetBit(s + 1)) {
                listed[listedCount++] = s;
            }
            length = listedCount;
        } else {
            length = limit;
        }
        if (length != strideFor) {
            strideFor = length;
            strideOf = coprimeStride(length);
        }
        stride = strideOf;
        position = length == 0 ? 0 : Math.floorMod(seed, length);
        visited = 0;
    }

    /** The next candidate of the walk; -1 when all have been visited. */
    int next() {
        while (visited < length) {
            int at = (int) position;
            position += stride;
            if (position >= length) {
                position -= length;
            }
            visited++;
            if (sparse) {
                return listed[at];
            }
            if ((words[at >>> 6] & (1L << at)) != 0) {
                return at;
            }
        }
        return -1;
    }

    /** A step near the golden section of {@code n} that shares no factor with it. */
    static long coprimeStride(int n) {
        if (n <= 2) {
            return 1;
        }
        long s = Math.max(1, (long) (n * 0.6180339887));
        while (gcd(s, n) != 1) {
            s++;
        }
        return s % n;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
