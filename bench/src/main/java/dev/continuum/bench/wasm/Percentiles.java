package dev.continuum.bench.wasm;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, in the sample's unit. */
final class Percentiles {
    private final double[] sorted;

    Percentiles(double[] sample) {
        this.sorted = sample.clone();
        Arrays.sort(sorted);
    }

    double at(double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double median() {
        return at(50);
    }
}
