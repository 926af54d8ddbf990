package dev.continuum.apiserver;

import dev.continuum.security.CertificateAuthority;
import dev.continuum.security.PeerRole;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.security.Tls;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS for an {@link ApiServer}: the cluster CA (which signs nodes' certificates when they join and
 * renew, and against which client certificates are checked), the server's own key and certificate
 * (which name the control plane, and which it also presents when it calls a node's gateway), and how
 * long node certificates last.
 *
 * @param nodeCertificateLifetime how long a node certificate is valid; nodes renew at two thirds of it
 */
public record ApiTls(CertificateAuthority ca, RotatingKeyManager serverKeys, Duration nodeCertificateLifetime) {

    public static final Duration DEFAULT_NODE_CERTIFICATE_LIFETIME = Duration.ofHours(24);

    public ApiTls {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(serverKeys, "serverKeys");
        Objects.requireNonNull(nodeCertificateLifetime, "nodeCertificateLifetime");
        if (nodeCertificateLifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException(
                    "node certificates must last at least 10s, not " + nodeCertificateLifetime);
        }
    }

    /** What the server's listener uses. */
    SSLContext serverContext() {
        return Tls.server(serverKeys, ca.certificate());
    }

    /** What the server uses when it calls nodes' gateways (logs): trusts node certificates, presents its own. */
    SSLContext gatewayClientContext() {
        return Tls.client(ca.certificate(), PeerRole.NODE, serverKeys);
    }
}
