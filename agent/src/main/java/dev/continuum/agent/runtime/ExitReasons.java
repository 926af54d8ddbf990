package dev.continuum.agent.runtime;

import dev.continuum.wasm.ExitStatus;

/** How a run's {@link ExitStatus} reads in an Instance's status: a stable reason word and a sentence. */
public final class ExitReasons {

    /** Exited by itself with code 0. */
    public static final String COMPLETED = "Completed";
    /** Exited by itself with another code. */
    public static final String ERROR = "Error";
    /** Executed an invalid operation. */
    public static final String TRAPPED = "Trapped";
    /** Tried to grow its memory past the engine's limit. */
    public static final String MEMORY_LIMIT = "MemoryLimit";
    /** Recursed too deeply. */
    public static final String STACK_EXHAUSTED = "StackExhausted";
    /** Wrote more output than the engine allows. */
    public static final String OUTPUT_LIMIT = "OutputLimit";
    /** Could not be instantiated or has no {@code _start}. */
    public static final String START_FAILED = "StartFailed";
    /** Ran past its deadline. */
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    /** Stopped by the agent. */
    public static final String INTERRUPTED = "Interrupted";

    private ExitReasons() {}

    public static String reason(ExitStatus status) {
        return switch (status.outcome()) {
            case EXITED -> status.code() == 0 ? COMPLETED : ERROR;
            case TRAPPED -> TRAPPED;
            case MEMORY_LIMIT -> MEMORY_LIMIT;
            case STACK_EXHAUSTED -> STACK_EXHAUSTED;
            case OUTPUT_LIMIT -> OUTPUT_LIMIT;
            case START_FAILED -> START_FAILED;
            case DEADLINE_EXCEEDED -> DEADLINE_EXCEEDED;
            case INTERRUPTED -> INTERRUPTED;
        };
    }

    /** {@code exited with code 3}, or the trap's reason with the code it stands for. */
    public static String describe(ExitStatus status) {
        if (status.trap() == null) {
            return "exited with code " + status.code();
        }
        return status.trap() + " (exit code " + status.code() + ")";
    }
}
