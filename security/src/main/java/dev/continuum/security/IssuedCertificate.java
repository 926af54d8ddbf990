package dev.continuum.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate and the chain up to the CA (leaf first, the CA last), as a TLS
 * peer presents it.
 */
public record IssuedCertificate(PrivateKey key, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }
}
