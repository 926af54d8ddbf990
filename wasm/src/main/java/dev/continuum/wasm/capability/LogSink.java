package dev.continuum.wasm.capability;

/**
 * Where {@code continuum.log} lines go: the agent passes one that writes to the instance's log.
 * Called on the guest's thread; implementations must be thread-safe and should not block long.
 */
@FunctionalInterface
public interface LogSink {
    /** Guest log levels, as {@code continuum.log}'s first argument numbers them. */
    enum Level {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR;

        /** The level numbered {@code n} in the ABI (0 = trace ... 4 = error); out of range means INFO. */
        public static Level of(int n) {
            return n >= 0 && n < values().length ? values()[n] : INFO;
        }
    }

    void log(Level level, String message);
}
