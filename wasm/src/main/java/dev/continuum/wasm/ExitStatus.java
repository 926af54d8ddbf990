package dev.continuum.wasm;

import java.time.Duration;
import java.util.Objects;

/**
 * How one run of a WebAssembly program ended. Guest faults are values here, never exceptions.
 *
 * <p>{@code code} is the guest's exit code when it exited by itself ({@link Outcome#EXITED});
 * otherwise a shell-style code: 124 when its deadline passed, 130 when the calling thread was
 * interrupted, 134 for a trap or an exceeded limit. {@code trap} is null when the guest exited by
 * itself and otherwise a readable reason ("deadline of 2s passed", "out of bounds memory access").
 */
public record ExitStatus(int code, String trap, Duration elapsed, Outcome outcome) {

    /** Exit code reported when the deadline stopped the guest (as timeout(1) does). */
    public static final int DEADLINE_CODE = 124;
    /** Exit code reported when the calling thread was interrupted (as a shell does for SIGINT). */
    public static final int INTERRUPTED_CODE = 130;
    /** Exit code reported for a trap or an exceeded limit (as a shell does for SIGABRT). */
    public static final int TRAP_CODE = 134;

    /** The kind of ending, so callers need not parse {@link #trap()}. */
    public enum Outcome {
        /** The guest returned from {@code _start} or called {@code proc_exit}. */
        EXITED,
        /** The guest executed an invalid operation (unreachable, out of bounds access, ...). */
        TRAPPED,
        /** The deadline passed and the guest was stopped. */
        DEADLINE_EXCEEDED,
        /** The calling thread was interrupted and the guest was stopped. */
        INTERRUPTED,
        /** The guest tried to grow its memory beyond the engine's page limit. */
        MEMORY_LIMIT,
        /** The guest recursed deeper than the stack allows. */
        STACK_EXHAUSTED,
        /** The guest wrote more to stdout or stderr than the output cap allows. */
        OUTPUT_LIMIT,
        /** The guest could not be started (instantiation trapped, or it has no {@code _start}). */
        START_FAILED
    }

    public ExitStatus {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.EXITED) != (trap == null)) {
            throw new IllegalArgumentException("trap must be null exactly when the outcome is EXITED");
        }
    }

    /** A status with the outcome derived from {@code trap}: null means EXITED, else TRAPPED. */
    public ExitStatus(int code, String trap, Duration elapsed) {
        this(code, trap, elapsed, trap == null ? Outcome.EXITED : Outcome.TRAPPED);
    }

    /** The guest exited by itself with {@code code}. */
    public static ExitStatus exited(int code, Duration elapsed) {
        return new ExitStatus(code, null, elapsed, Outcome.EXITED);
    }

    /** The guest was stopped; {@code reason} says why. */
    public static ExitStatus stopped(Outcome outcome, String reason, Duration elapsed) {
        int code = switch (outcome) {
            case DEADLINE_EXCEEDED -> DEADLINE_CODE;
            case INTERRUPTED -> INTERRUPTED_CODE;
            default -> TRAP_CODE;
        };
        return new ExitStatus(code, Objects.requireNonNull(reason, "reason"), elapsed, outcome);
    }

    /** True when the guest exited by itself with code 0. */
    public boolean success() {
        return outcome == Outcome.EXITED && code == 0;
    }
}
