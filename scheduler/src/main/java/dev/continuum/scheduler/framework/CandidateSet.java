package dev.continuum.scheduler.framework;

import dev.continuum.scheduler.NodeSet;
import java.util.Arrays;
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
    private long position;
    private int visited;

    void reset(NodeSet all, int slotLimit) {
        limit = slotLimit;
        int n = (slotLimit + 63) >>> 6;
        if (words.length < n) {
            words = new long[n];
        }
        for (int i = 0; i < n; i++) {
            words[i] = all.word(i);
        }
        Arrays.fill(words, n, words.length, 0L);
    }

    /** Keeps the candidates in any of {@code anyOf}; returns how many were dropped. */
    int restrict(List<NodeSet> anyOf) {
        return restrict(anyOf, false, null, -1);
    }

    /**
     * Keeps the candidates in any of {@code sets} (in none of them when {@code excluding}), giving
     * the first dropped ones to {@code tally} as examples of {@code entry}; returns how many were
     * dropped.
     */
    int restrict(List<NodeSet> sets, boolean excluding, RejectionTally tally, int entry) {
        int dropped = 0;
        int n = (limit + 63) >>> 6;
        for (int i = 0; i < n; i++) {
            long keep = 0;
            for (int s = 0; s < sets.size(); s++) {
                keep |= sets.get(s).word(i);
            }
            if (excluding) {
                keep = ~keep;
            }
            long before = words[i];
            long after = before & keep;
            long gone = before ^ after;
            dropped += Long.bitCount(gone);
            while (gone != 0 && tally != null && tally.wantsExample(entry)) {
                tally.example(entry, (i << 6) + Long.numberOfTrailingZeros(gone));
                gone &= gone - 1;
            }
            words[i] = after;
        }
        return dropped;
    }

    /** Drops every candidate, giving the first to {@code tally} as examples; returns how many there were. */
    int clear(RejectionTally tally, int entry) {
        int n = cardinality();
        for (int s = nextSetBit(0); s >= 0 && tally.wantsExample(entry); s = nextSetBit(s + 1)) {
            tally.example(entry, s);
        }
        Arrays.fill(words, 0L);
        return n;
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
        stride = coprimeStride(length);
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
