package dev.continuum.security;

/**
 * A certificate, key, request or signature that cannot be used: malformed, of the wrong kind, or not
 * matching what it must match. The message says which and why; callers add where it came from (a
 * file, a request field).
 */
public final class CredentialException extends RuntimeException {

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
