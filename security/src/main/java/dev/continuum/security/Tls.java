package dev.continuum.security;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * The TLS contexts of Continuum's connections, all TLS 1.3/1.2 with the JDK's provider:
 *
 * <ul>
 *   <li>{@link #server}: presents a certificate, and checks the certificates clients offer against the
 *       cluster CA (the server asks for one but does not require it: users come with tokens);
 *   <li>{@link #client}: trusts the cluster CA only, requires the peer to be of a {@link PeerRole},
 *       optionally presents a certificate of its own;
 *   <li>{@link #pinned}: a client's first contact, knowing the CA only by its pin.
 * </ul>
 */
public final class Tls {

    private Tls() {}

    public static SSLContext server(X509KeyManager keys, X509Certificate ca) {
        return context(new KeyManager[] {keys}, new TrustManager[] {new CaTrustManager(ca, null)});
    }

    /** @param keysOrNull the certificate to present, or null to present none */
    public static SSLContext client(X509Certificate ca, PeerRole role, X509KeyManager keysOrNull) {
        return context(
                keysOrNull == null ? null : new KeyManager[] {keysOrNull},
                new TrustManager[] {new CaTrustManager(ca, role)});
    }

    /** A first contact: which CA the server showed (when it matched) is asked of the returned handle. */
    public static Pinned pinned(CaPin pin, PeerRole role) {
        PinnedCaTrustManager trust = new PinnedCaTrustManager(pin, role);
        return new Pinned(context(null, new TrustManager[] {trust}), trust);
    }

    /** An SSL context that trusts a pinned CA, and what it found. */
    public static final class Pinned {
        private final SSLContext context;
        private final PinnedCaTrustManager trust;

        private Pinned(SSLContext context, PinnedCaTrustManager trust) {
            this.context = context;
            this.trust = trust;
        }

        public SSLContext context() {
            return context;
        }

        /** The CA certificate that matched the pin, once a handshake got that far. */
        public Optional<X509Certificate> ca() {
            return trust.ca();
        }

        /** Why the last server's CA did not match the pin, if it did not. */
        public Optional<String> mismatch() {
            return trust.mismatch();
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
