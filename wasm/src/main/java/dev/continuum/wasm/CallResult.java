package dev.continuum.wasm;

import java.util.Arrays;
import java.util.Objects;

/**
 * How one call into a {@link WasmInstance} ended: the export's results, or how it failed.
 *
 * @param results the raw result values (i32/i64 as longs, floats as their bits); empty unless successful
 * @param status {@link ExitStatus.Outcome#EXITED} with code 0 when the call returned normally; a
 *     {@code proc_exit} inside the call shows as EXITED with its code
 */
public record CallResult(long[] results, ExitStatus status) {

    public CallResult {
        results = results == null ? new long[0] : results.clone();
        Objects.requireNonNull(status, "status");
    }

    /** True when the export returned normally. */
    public boolean success() {
        return status.success();
    }

    /** The first result as an i32. */
    public int i32() {
        return (int) results[0];
    }

    /** The first result as an i64. */
    public long i64() {
        return results[0];
    }

    @Override
    public long[] results() {
        return results.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallResult that && Arrays.equals(results, that.results) && status.equals(that.status);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(results) + status.hashCode();
    }

    @Override
    public String toString() {
        return "CallResult[" + Arrays.toString(results) + ", " + status + "]";
    }
}
