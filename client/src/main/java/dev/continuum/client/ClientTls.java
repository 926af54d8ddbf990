package dev.continuum.client;

import dev.continuum.security.CredentialException;
import dev.continuum.security.PeerRole;
import dev.continuum.security.Pem;
import dev.continuum.security.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/**
 * How a {@link ContinuumClient} speaks TLS: a source of SSL contexts that trust the cluster CA and
 * accept only the control plane at the other end, and present the caller's certificate if it has one.
 * The client asks for a new context when it is built and on {@link ContinuumClient#reconnect()}, so
 * a node whose certificate was renewed presents the new one from then on.
 */
@FunctionalInterface
public interface ClientTls {

    /** A new context with the current credentials (new contexts share no TLS sessions with old ones). */
    SSLContext context();

    /** Trusts {@code ca}, presents nothing: a user (who authenticates with a token). */
    static ClientTls trusting(X509Certificate ca) {
        return () -> Tls.client(ca, PeerRole.CONTROL_PLANE, null);
    }

    /**
     * Trusts the CA certificate in {@code caFile} (PEM), presents nothing.
     *
     * @throws CredentialException naming the file when it cannot be read or holds no certificate
     */
    static ClientTls trusting(Path caFile) {
        try {
            return trusting(Pem.readCertificate(Files.readString(caFile)));
        } catch (IOException e) {
            throw new CredentialException("cannot read the CA certificate " + caFile + ": " + e.getMessage(), e);
        } catch (CredentialException e) {
            throw new CredentialException(caFile + " is not a CA certificate: " + e.getMessage(), e);
        }
    }
}
