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

    /** Zero, never written; read by {@link #enter} so that the JIT cannot tell what it holds. */
    private static int opaqueZero = 0;

    private StripMining() {}

    /**
     * {@code iv} itself, computed so that the JIT cannot see it: a rewritten loop's induction
     * variable passes through here once, on entry. Without it, when the loop starts from a constant
     * (most do: {@code i = 0}), C2 splits address computations such as {@code base + i} through the
     * phi of the chunk loop around the counted one, because the constant folds them on the entry
     * path. The address then becomes a second induction variable of its own, which range check
     * elimination does not recognise, and every access in the loop keeps its bounds checks.
     */
    public static int enter(int iv) {
        return iv | opaqueZero;
    }

    /**
     * The limit L of the next chunk of a loop whose induction variable is {@code iv} now and moves
     * by {@code stride} (not 0) once per iteration, which goes on while {@code iv R n}: for a positive
     * stride, every value {@code v < L} the variable takes from here, without wrapping around,
     * satisfies {@code v R n}, {@code v + stride} does not overflow, and {@code L <= iv + CHUNK *
     * stride}; for a negative stride the same with {@code v > L}. A limit no value passes (the
     * loop then polls on every iteration) when there is no such chunk.
     *
     * <p>Rewritten loops call the small forms below, which the JIT inlines even where the call is
     * not frequent (under 35 bytes of bytecode each), with the stride's constants folded in; this
     * says what they compute together.
     */
    public static int limit(int iv, int n, int stride, int relation) {
        long span = (long) CHUNK * stride;
        if (stride > 0) {
            long last = (long) Integer.MAX_VALUE - stride + 1;
            return switch (relation) {
                case NE, LT_S -> up(iv, n, span, last);
                case LE_S -> up(iv, n + 1L, span, last);
                case LT_U -> upUnsigned(iv, n, 0, span, last);
                case LE_U -> upUnsigned(iv, n, 1, span, last);
                default -> Integer.MIN_VALUE;
            };
        }
        long last = (long) Integer.MIN_VALUE - stride - 1;
        return switch (relation) {
            case NE, GT_S -> down(iv, n, span, last);
            case GE_S -> down(iv, n - 1L, span, last);
            case GT_U -> downUnsigned(iv, n, 0, span, last);
            case GE_U -> downUnsigned(iv, n, 1, span, last);
            default -> Integer.MAX_VALUE;
        };
    }

    /**
     * Going up while {@code iv < bound} (signed, {@code bound} up to 2^31): {@code span} is CHUNK
     * strides, {@code last} is {@code Integer.MAX_VALUE - stride + 1} (from there one more stride
     * overflows).
     */
    public static int up(int iv, long bound, long span, long last) {
        return iv < last ? (int) Math.min(Math.min(bound, iv + span), last) : Integer.MIN_VALUE;
    }

    /** Going up while {@code iv <u n + extra} (extra 0 or 1): only from a non-negative {@code iv}. */
    public static int upUnsigned(int iv, int n, long extra, long span, long last) {
        return iv >= 0 ? up(iv, Math.min(Integer.toUnsignedLong(n) + extra, 1L << 31), span, last) : Integer.MIN_VALUE;
    }

    /**
     * Going down while {@code iv > bound} (signed): {@code span} is CHUNK strides (negative),
     * {@code last} is {@code Integer.MIN_VALUE - stride - 1}.
     */
    public static int down(int iv, long bound, long span, long last) {
        return iv > last ? (int) Math.max(Math.max(bound, iv + span), last) : Integer.MAX_VALUE;
    }

    /** Going down while {@code iv >u n - extra} (extra 0 or 1): only to a non-negative limit. */
    public static int downUnsigned(int iv, int n, long extra, long span, long last) {
        return n >= 0 ? down(iv, n - extra, span, last) : Integer.MAX_VALUE;
    }
}
