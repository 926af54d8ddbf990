package dev.continuum.wasm;

import dev.continuum.wasm.ExitStatus.Outcome;
import dev.continuum.wasm.memory.MemoryLimitExceededException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever ended a run or a call into its {@link ExitStatus}: the one place guest faults become values. */
final class RunOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(RunOutcomes.class);

    private RunOutcomes() {}

    /**
     * The status for {@code failure}, looking through its causes; {@code starting} when it happened
     * while instantiating.
     */
    static ExitStatus classify(
            Throwable failure, RunGuard guard, WasiInvocation invocation, long started, boolean starting) {
        Duration elapsed = since(started);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof run.endive.wasi.WasiExitException exit) {
                return ExitStatus.exited(exit.exitCode(), elapsed);
            }
            if (t instanceof MemoryLimitExceededException memory) {
                return ExitStatus.stopped(Outcome.MEMORY_LIMIT, memory.getMessage(), elapsed);
            }
            if (t instanceof OutputLimitExceededException output) {
                return ExitStatus.stopped(Outcome.OUTPUT_LIMIT, output.getMessage(), elapsed);
            }
            if (t instanceof run.endive.runtime.WasmInterruptedException) {
                if (guard.expired()) {
                    return ExitStatus.stopped(
                            Outcome.DEADLINE_EXCEEDED,
                            "stopped: its deadline of " + invocation.deadline() + " passed",
                            elapsed);
                }
                return ExitStatus.stopped(Outcome.INTERRUPTED, "stopped: the calling thread was interrupted", elapsed);
            }
            if (t instanceof StackOverflowError || "call stack exhausted".equals(t.getMessage())) {
                return ExitStatus.stopped(
                        Outcome.STACK_EXHAUSTED, "call stack exhausted: the guest recursed too deeply", elapsed);
            }
        }
        if (guard.expired()) {
            return ExitStatus.stopped(
                    Outcome.DEADLINE_EXCEEDED,
                    "stopped: its deadline of " + invocation.deadline() + " passed",
                    elapsed);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (starting) {
            return ExitStatus.stopped(Outcome.START_FAILED, "instantiation failed: " + message, elapsed);
        }
        if (!(failure instanceof run.endive.wasm.WasmEngineException)) {
            LOG.warn("a run ended with an unexpected host-side failure", failure);
            return ExitStatus.stopped(Outcome.TRAPPED, "host failure: " + failure, elapsed);
        }
        return ExitStatus.stopped(Outcome.TRAPPED, "trap: " + message, elapsed);
    }

    static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
