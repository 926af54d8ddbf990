package dev.continuum.security;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * First contact with a control plane whose CA is known only by its {@link CaPin}: the server must
 * present the CA in its chain; the one certificate there whose public key matches the pin becomes
 * the trust anchor, and the chain is then checked as {@link CaTrustManager} would. The CA found is
 * remembered so that the caller can keep it; a CA that does not match is remembered too, for the
 * error message. Thread-safe.
 */
final class PinnedCaTrustManager extends X509ExtendedTrustManager {

    private final CaPin pin;
    private final PeerRole role;
    private final AtomicReference<X509Certificate> found = new AtomicReference<>();
    private final AtomicReference<String> mismatch = new AtomicReference<>();

    PinnedCaTrustManager(CaPin pin, PeerRole role) {
        this.pin = pin;
        this.role = role;
    }

    Optional<X509Certificate> ca() {
        return Optional.ofNullable(found.get());
    }

    Optional<String> mismatch() {
        return Optional.ofNullable(mismatch.get());
    }

    private CaTrustManager anchor(X509Certificate[] chain) throws CertificateException {
        StringBuilder seen = new StringBuilder();
        for (X509Certificate c : chain) {
            if (c.getBasicConstraints() >= 0) {
                if (pin.matches(c)) {
                    found.set(c);
                    return new CaTrustManager(c, role);
                }
                seen.append(seen.isEmpty() ? "" : ", ").append(CaPin.of(c));
            }
        }
        String message = seen.isEmpty()
                ? "the server did not present its CA certificate, so the CA pin " + pin + " cannot be checked"
                : "the server's CA is " + seen + ", not the pinned " + pin;
        mismatch.set(message);
        throw new CertificateException(message);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        anchor(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        anchor(chain).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchor(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a pinned trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a pinned trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a pinned trust manager checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
