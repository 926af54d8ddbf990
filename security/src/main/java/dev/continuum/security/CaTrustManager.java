package dev.continuum.security;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the certificates one CA issued (the JDK's PKIX checks: signature chain, validity
 * period, key usage, and the host name when the connection asks for it), and, as a client, only a
 * peer of the expected {@link PeerRole}. Thread-safe.
 */
final class CaTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final X509Certificate ca;
    private final PeerRole role;

    /** @param role what a server must be; null accepts any certificate of the CA (servers checking clients) */
    CaTrustManager(X509Certificate ca, PeerRole role) {
        this.ca = ca;
        this.role = role;
        this.pkix = pkix(ca);
    }

    private static X509ExtendedTrustManager pkix(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("continuum-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager for the cluster CA: " + e.getMessage(), e);
        }
    }

    private void checkRole(X509Certificate[] chain) throws CertificateException {
        if (role != null && !role.accepts(chain[0])) {
            throw new CertificateException("the peer's certificate belongs to " + PeerIdentity.describe(chain[0])
                    + ", not to " + role.expected());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        checkRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        checkRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        checkRole(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }
}
