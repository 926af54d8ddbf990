package dev.continuum.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who a certificate of the cluster CA speaks for, as a URI subject alternative name the CA alone
 * sets: {@value #CONTROL_PLANE} for the control plane, {@code urn:continuum:node:<name>} for a node.
 * Host names in certificates say where a peer is reachable; these say who it is, so that a node's
 * certificate can never pass for the control plane's, whatever host names it carries.
 */
public final class PeerIdentity {

    public static final String CONTROL_PLANE = "urn:continuum:control-plane";
    static final String NODE_PREFIX = "urn:continuum:node:";
    private static final int URI_NAME = 6;

    private PeerIdentity() {}

    public static String nodeUri(String nodeName) {
        return NODE_PREFIX + nodeName;
    }

    /** The node a certificate was issued to, when it is a node certificate. */
    public static Optional<String> nodeOf(X509Certificate certificate) {
        return uris(certificate).stream()
                .filter(u -> u.startsWith(NODE_PREFIX) && u.length() > NODE_PREFIX.length())
                .map(u -> u.substring(NODE_PREFIX.length()))
                .findFirst();
    }

    public static boolean isControlPlane(X509Certificate certificate) {
        return uris(certificate).contains(CONTROL_PLANE);
    }

    /** A short description for messages: {@code node gw-1}, {@code the control plane} or the subject. */
    public static String describe(X509Certificate certificate) {
        if (isControlPlane(certificate)) {
            return "the control plane";
        }
        return nodeOf(certificate)
                .map(n -> "node " + n)
                .orElse(certificate.getSubjectX500Principal().getName());
    }

    static List<String> uris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            List<String> out = new ArrayList<>();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
                        out.add(String.valueOf(name.get(1)));
                    }
                }
            }
            return out;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
