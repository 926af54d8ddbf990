package dev.continuum.store;

/** The store failed (disk, corruption, closed): a fault, not an expected outcome. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
