package dev.continuum.agent.local;

/** The agent's local store failed (a disk fault, a closed store); the message names the file. */
public final class LocalStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
