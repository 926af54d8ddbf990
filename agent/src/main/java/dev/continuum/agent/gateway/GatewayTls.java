package dev.continuum.agent.gateway;

import dev.continuum.security.PeerIdentity;
import java.security.cert.X509Certificate;

/**
 * TLS for the gateway: {@link GatewayServer} listens over TLS with the node's certificate and asks
 * callers for theirs without requiring one (functions are public; logs are the control plane's).
 */
final class GatewayTls {

    private GatewayTls() {}

    /** Whether the caller presented the control plane's certificate (checked against the cluster CA by the handshake). */
    static boolean fromControlPlane(HttpExchange ctx) {
        X509Certificate[] chain = ctx.peerCertificates();
        return chain != null && chain.length > 0 && PeerIdentity.isControlPlane(chain[0]);
    }
}
