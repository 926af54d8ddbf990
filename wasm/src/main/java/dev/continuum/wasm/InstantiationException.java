package dev.continuum.wasm;

/**
 * A long-lived instance could not be created: its start function or {@code _initialize} trapped,
 * a data segment did not fit, or a snapshot did not apply. {@link #status()} says how it ended.
 */
public final class InstantiationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExitStatus status;

    public InstantiationException(ExitStatus status) {
        super(status.trap() != null ? status.trap() : "exited with code " + status.code());
        this.status = status;
    }

    public ExitStatus status() {
        return status;
    }
}
