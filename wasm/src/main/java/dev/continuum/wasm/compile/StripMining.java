package dev.continuum.wasm.compile;

/**
 * Run-time support for the loops {@link LoopVersioning} rewrites: how far the induction variable
 * may go before the loop polls the interrupt flag again. Called by compiled guest code, once every
 * {@link #CHUNK} iterations at most; public for that reason only.
 */
public final class StripMining {
    /** Iterations, at most, between two interrupt polls of a rewritten loop (the chunk is CHUNK + 1 with its first). */
    public static final int CHUNK = 1024;

    // The relation under which the loop goes on, iv R n (unsigned ones with the _U suffix).
    static final int NE = 0;
    static final int LT_S = 1;
    static final int LE_S = 2;
    static final int LT_U = 3;
    static final int LE_U = 4;
    static final int GT_S = 5;
    static final int GE_S = 6;
    static final int GT_U = 7;
    static final int GE_U = 8;

    private StripMining() {}

    /**
     * The limit L of the next chunk of a loop whose induction variable is {@code iv} now and moves
     * by {@code stride} (not 0) once per iteration, which goes on while {@code iv R n}: for a positive
     * stride, every value {@code v < L} the variable takes from here, without wrapping around,
     * satisfies {@code v R n}, {@code v + stride} does not overflow, and {@code L <= iv + CHUNK *
     * stride}; for a negative stride the same with {@code v > L}. A limit no value passes (the
     * loop then polls on every iteration) when there is no such chunk.
     */
    public static int limit(int iv, int n, int stride, int relation) {
        if (stride > 0) {
            if (iv > Integer.MAX_VALUE - stride) {
                return Integer.MIN_VALUE;
            }
            long bound;
            switch (relation) {
                case NE, LT_S -> bound = n;
                case LE_S -> bound = (long) n + 1;
                case LT_U, LE_U -> {
                    if (iv < 0) {
                        return Integer.MIN_VALUE; // the variable must stay in [0, 2^31) for signed to be unsigned
                    }
                    bound = n < 0 ? 1L << 31 : relation == LT_U ? n : (long) n + 1;
                }
                default -> {
                    return Integer.MIN_VALUE;
                }
            }
            long limit =
                    Math.min(Math.min(bound, (long) iv + (long) CHUNK * stride), (long) Integer.MAX_VALUE - stride + 1);
            return (int) limit;
        }
        if (iv < Integer.MIN_VALUE - stride) {
            return Integer.MAX_VALUE;
        }
        long bound;
        switch (relation) {
            case NE, GT_S -> bound = n;
            case GE_S -> bound = (long) n - 1;
            case GT_U, GE_U -> {
                if (n < 0) {
                    return Integer.MAX_VALUE; // the limit must be >= 0 for signed to be unsigned
                }
                bound = relation == GT_U ? n : (long) n - 1;
            }
            default -> {
                return Integer.MAX_VALUE;
            }
        }
        long limit =
                Math.max(Math.max(bound, (long) iv + (long) CHUNK * stride), (long) Integer.MIN_VALUE - stride - 1);
        return (int) limit;
    }
}
