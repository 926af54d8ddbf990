package dev.continuum.agent.sync;

/**
 * The control plane offered desired state older than what this node already applied — a lagging
 * replica, or a store restored from a backup. The node refuses it and keeps running what it has;
 * thrown to the watch, it makes the watch list again later, until the control plane has caught up.
 * Carries no stack trace: it is an expected outcome, logged as one line.
 */
public final class StaleDesiredStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reason of the Node event that reports it. */
    public static final String REASON = "StaleDesiredState";

    private final long offered;
    private final long applied;

    public StaleDesiredStateException(long offered, long applied) {
        super(
                "refusing the desired state at revision " + offered + ": this node has applied revision " + applied
                        + " already (a lagging replica, or a store restored from a backup?); nothing is stopped, and"
                        + " the state is asked for again until it is at least as new",
                null,
                false,
                false);
        this.offered = offered;
        this.applied = applied;
    }

    /** The revision the control plane offered. */
    public long offered() {
        return offered;
    }

    /** The highest revision this node applied. */
    public long applied() {
        return applied;
    }
}
