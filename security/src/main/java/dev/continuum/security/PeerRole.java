package dev.continuum.security;

import java.security.cert.X509Certificate;

/** Whom a TLS client expects at the other end, beyond a certificate of the cluster CA for the host it dialled. */
public enum PeerRole {
    /** The API server: its certificate must name {@link PeerIdentity#CONTROL_PLANE}. */
    CONTROL_PLANE,
    /** A node's gateway: its certificate must name a node. */
    NODE;

    boolean accepts(X509Certificate leaf) {
        return switch (this) {
            case CONTROL_PLANE -> PeerIdentity.isControlPlane(leaf);
            case NODE -> PeerIdentity.nodeOf(leaf).isPresent();
        };
    }

    String expected() {
        return switch (this) {
            case CONTROL_PLANE -> "the control plane";
            case NODE -> "a node";
        };
    }
}
