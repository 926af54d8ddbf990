package dev.continuum.wasm.compile;

import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link StripMining#limit} keeps its promise: from the induction variable's value, every value it
 * takes while the fast test ({@code v < limit}, or {@code >} going down) holds satisfies the
 * loop's own test, does not overflow with one more stride, and there are at most
 * {@link StripMining#CHUNK} of them before the loop polls again.
 */
class StripMiningTest {
    private static final int[] UP = {
        StripMining.NE, StripMining.LT_S, StripMining.LE_S, StripMining.LT_U, StripMining.LE_U
    };
    private static final int[] DOWN = {
        StripMining.NE, StripMining.GT_S, StripMining.GE_S, StripMining.GT_U, StripMining.GE_U
    };

    private static boolean holds(int relation, int v, int n) {
        return switch (relation) {
            case StripMining.NE -> v != n;
            case StripMining.LT_S -> v < n;
            case StripMining.LE_S -> v <= n;
            case StripMining.LT_U -> Integer.compareUnsigned(v, n) < 0;
            case StripMining.LE_U -> Integer.compareUnsigned(v, n) <= 0;
            case StripMining.GT_S -> v > n;
            case StripMining.GE_S -> v >= n;
            case StripMining.GT_U -> Integer.compareUnsigned(v, n) > 0;
            case StripMining.GE_U -> Integer.compareUnsigned(v, n) >= 0;
            default -> throw new IllegalArgumentException();
        };
    }

    private static int value(Random random) {
        int[] edges = {0, 1, -1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 3, Integer.MAX_VALUE - 3};
        return switch (random.nextInt(3)) {
            case 0 -> edges[random.nextInt(edges.length)] + random.nextInt(9) - 4;
            case 1 -> random.nextInt(4096) - 2048;
            default -> random.nextInt();
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 20261127})
    void neverLetsTheFastTestPassWhereTheLoopsOwnTestFails(long seed) {
        var random = new Random(seed);
        for (int step = 0; step < 200_000; step++) {
            boolean up = random.nextBoolean();
            int stride = switch (random.nextInt(3)) {
                case 0 -> 1 + random.nextInt(8);
                case 1 -> 1 + random.nextInt(1 << 20);
                default -> 1 + random.nextInt(Integer.MAX_VALUE);
            };
            if (!up) {
                stride = -stride;
            }
            int relation = (up ? UP : DOWN)[random.nextInt(5)];
            int iv = value(random);
            int n = random.nextBoolean() ? value(random) : iv + random.nextInt(8192) - 4096;
            int limit = StripMining.limit(iv, n, stride, relation);
            int v = iv;
            int fast = 0;
            while (up ? v < limit : v > limit) {
                boolean overflows = up ? v > Integer.MAX_VALUE - stride : v < Integer.MIN_VALUE - stride;
                if (!holds(relation, v, n) || overflows || ++fast > StripMining.CHUNK) {
                    fail("iv %d, n %d, stride %d, relation %d: v %d passes the fast test (limit %d, %d so far, seed %d)"
                            .formatted(iv, n, stride, relation, v, limit, fast, seed));
                }
                v += stride;
            }
        }
    }
}
