package dev.continuum.agent;

/**
 * The agent's options are unusable: a config file cannot be read or has a wrong key or value, or a
 * required option is missing. The message names the file, line and key, and what to do.
 */
public final class AgentConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentConfigException(String message) {
        super(message);
    }

    public AgentConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
