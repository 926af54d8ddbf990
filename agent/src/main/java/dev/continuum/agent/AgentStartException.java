package dev.continuum.agent;

/**
 * The agent cannot start: the control plane refused to let it join, no credential is at hand, the
 * data folder is unusable or the gateway's port is taken. The message says what and what to do.
 */
public final class AgentStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentStartException(String message) {
        super(message);
    }

    public AgentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
