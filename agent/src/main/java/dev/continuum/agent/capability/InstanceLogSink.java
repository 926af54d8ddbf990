package dev.continuum.agent.capability;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.wasm.capability.LogSink;
import java.util.Locale;

/**
 * The {@code log} capability of one Instance: each {@code continuum.log} call is one line of the
 * Instance's log in the {@value #STREAM} stream, led by its level, e.g.
 * {@code 2026-03-01T10:15:02.120Z log    INFO counted a visit}. Thread-safe.
 */
public final class InstanceLogSink implements LogSink {
    /** The log stream of lines a guest writes through {@code continuum.log}. */
    public static final String STREAM = "log";

    private final InstanceLog log;

    public InstanceLogSink(InstanceLog log) {
        this.log = log;
    }

    @Override
    public void log(Level level, String message) {
        // One call is one line: a guest cannot forge lines of other streams with a line break.
        log.append(STREAM, level.name().toUpperCase(Locale.ROOT) + " " + message.replace('\n', ' '));
    }
}
