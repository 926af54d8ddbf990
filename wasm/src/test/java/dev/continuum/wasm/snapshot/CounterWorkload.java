package dev.continuum.wasm.snapshot;

import dev.continuum.wasm.WasmInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A seeded sequence of calls into the counter fixture, recording every result. */
public final class CounterWorkload {
    private CounterWorkload() {}

    /** Applies {@code calls} seeded operations and returns each result, then the digest and count. */
    public static List<Long> drive(WasmInstance counter, long seed, int calls) {
        var random = new Random(seed);
        var results = new ArrayList<Long>();
        for (int i = 0; i < calls; i++) {
            var result = counter.call("apply", random.nextInt(3), random.nextInt(1000) - 100);
            if (!result.success()) {
                throw new IllegalStateException("apply failed: " + result.status());
            }
            results.add(result.i64());
        }
        results.add(counter.call("digest").i64());
        results.add((long) counter.call("count").i32());
        return results;
    }
}
