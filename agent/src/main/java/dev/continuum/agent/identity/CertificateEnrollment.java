package dev.continuum.agent.identity;

import dev.continuum.agent.AgentStartException;
import dev.continuum.client.ApiException;
import dev.continuum.client.ClientOptions;
import dev.continuum.client.ClientTls;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.api.JoinResponse;
import dev.continuum.security.CaPin;
import dev.continuum.security.CredentialException;
import dev.continuum.security.IssuedCertificate;
import dev.continuum.security.KeyPairs;
import dev.continuum.security.NodeCertificateRequest;
import dev.continuum.security.PeerIdentity;
import dev.continuum.security.PeerRole;
import dev.continuum.security.Pem;
import dev.continuum.security.Tls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets this agent its TLS identity from a control plane that speaks {@code https}: the stored one
 * while it is good, otherwise a new one by joining with a bootstrap token.
 *
 * <pre>
 *   stored identity for this node name?
 *     ├─ no ──────────────────────────────▶ join (bootstrap token, and --ca-hash or --ca-file, required)
 *     └─ yes: certificate expired? ──yes──▶ join again if a bootstrap token is given, else fail
 *              │ no
 *             control plane says 401? ─yes─▶ join again if a bootstrap token is given, else fail
 *              │ no (accepted, or unreachable: start offline with it)
 *             use it
 *
 *   join: new EC P-256 key ─▶ certificate request naming the gateway's hosts
 *         ─▶ POST /api/v1/join over TLS, trusting only the CA of --ca-file, or the one whose key
 *            matches --ca-hash (the server must show it in its chain)
 *         ─▶ check the certificate is the CA's, for this key and node ─▶ store it (key 0600)
 * </pre>
 *
 * A given pin or CA file must match the stored CA: a control plane with another CA is another
 * cluster, and the agent refuses it rather than trusting it silently.
 */
public final class CertificateEnrollment {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateEnrollment.class);

    /** What the agent knows about how to join. */
    public record Settings(
            URI server,
            String nodeName,
            String bootstrapToken,
            String caHash,
            Path caFile,
            Path dataDir,
            List<String> names,
            Clock clock) {}

    private CertificateEnrollment() {}

    /**
     * This node's identity: stored, or just obtained by joining.
     *
     * @throws AgentStartException when there is none to use and joining is impossible or refused,
     *     saying what to pass
     */
    public static NodeIdentity obtain(Settings s) {
        X509Certificate givenCa = givenCa(s);
        CaPin pin = parsePin(s.caHash());
        Optional<NodeIdentity> stored;
        try {
            stored = NodeIdentity.read(s.dataDir());
        } catch (IOException e) {
            throw new AgentStartException(
                    "cannot read the node identity in " + s.dataDir().resolve(NodeIdentity.FOLDER) + ": "
                            + e.getMessage(),
                    e);
        }
        if (stored.isPresent()) {
            checkSameCluster(stored.get().ca(), givenCa, pin, s);
        }
        if (stored.isPresent() && stored.get().nodeName().equals(s.nodeName())) {
            NodeIdentity identity = stored.get();
            if (identity.notAfter().isBefore(s.clock().instant())) {
                if (s.bootstrapToken() == null) {
                    throw new AgentStartException("the certificate of node " + s.nodeName() + " expired at "
                            + identity.notAfter() + " (the node was offline longer than its certificate's life, so"
                            + " it can no longer renew it); get a new bootstrap token (continuum token create on"
                            + " the control plane) and start the agent with --token");
                }
                LOG.info("the certificate of node {} expired at {}; joining again", s.nodeName(), identity.notAfter());
            } else if (accepted(s.server(), identity)) {
                return identity;
            } else if (s.bootstrapToken() == null) {
                throw new AgentStartException("the control plane at " + s.server() + " no longer accepts the"
                        + " certificate of node " + s.nodeName() + " in "
                        + s.dataDir().resolve(NodeIdentity.FOLDER)
                        + " (the node joined again elsewhere, or an administrator revoked it); start the agent"
                        + " with --token <a new bootstrap token> to join again");
            } else {
                LOG.info("the certificate of node {} is no longer accepted; joining again", s.nodeName());
            }
        } else if (stored.isPresent()) {
            LOG.info(
                    "the identity in {} belongs to node {}, not {}; joining as {}",
                    s.dataDir(),
                    stored.get().nodeName(),
                    s.nodeName(),
                    s.nodeName());
        }
        if (s.bootstrapToken() == null) {
            throw new AgentStartException("node " + s.nodeName() + " has not joined yet (no certificate in "
                    + s.dataDir().resolve(NodeIdentity.FOLDER) + "); start the agent with --token <bootstrap token>"
                    + " and --ca-hash <sha256:...> (continuum token create prints both)");
        }
        X509Certificate trusted =
                givenCa != null ? givenCa : stored.map(NodeIdentity::ca).orElse(null);
        return join(s, trusted, pin);
    }

    private static NodeIdentity join(Settings s, X509Certificate trustedCa, CaPin pin) {
        Tls.Pinned pinned = null;
        ClientTls tls;
        if (trustedCa != null) {
            tls = () -> Tls.client(trustedCa, PeerRole.CONTROL_PLANE, null);
        } else if (pin != null) {
            Tls.Pinned p = Tls.pinned(pin, PeerRole.CONTROL_PLANE);
            pinned = p;
            tls = p::context;
        } else {
            throw new AgentStartException("to join the control plane at " + s.server() + " over TLS the agent must"
                    + " know its CA: pass --ca-hash <sha256:...> (continuum token create prints it) or --ca-file"
                    + " <the control plane's ca.crt>");
        }
        KeyPair keys = KeyPairs.ecP256();
        String csr;
        try {
            csr = NodeCertificateRequest.create(keys, s.nodeName(), s.names());
        } catch (CredentialException e) {
            throw new AgentStartException(
                    "cannot ask for a certificate: " + e.getMessage() + " (check --gateway-host and --gateway-address)",
                    e);
        }
        JoinResponse answer;
        try (var client = ContinuumClient.connect(s.server(), null, ClientOptions.defaults(), tls)) {
            answer = client.join(s.bootstrapToken(), s.nodeName(), csr);
        } catch (ApiException e) {
            if (pinned != null && pinned.mismatch().isPresent()) {
                throw new AgentStartException(
                        "refusing the control plane at " + s.server() + ": "
                                + pinned.mismatch().get() + "; check --ca-hash (continuum token create prints the right"
                                + " one) — a different CA means a different cluster, or someone in between",
                        e);
            }
            if (e.isUnauthorized()) {
                throw new AgentStartException(
                        "the control plane at " + s.server() + " refused the bootstrap token: " + e.getMessage()
                                + " (pass a new one with --token)",
                        e);
            }
            if (e.isUnreachable()) {
                throw new AgentStartException(
                        "cannot join: " + e.getMessage() + " (check --server, that the control plane runs, and that"
                                + " its certificate names the host in --server: continuum server --san HOST)",
                        e);
            }
            throw new AgentStartException(
                    "the control plane at " + s.server() + " refused to let node " + s.nodeName() + " join: "
                            + e.getMessage(),
                    e);
        }
        X509Certificate ca = trustedCa != null ? trustedCa : pinned.ca().orElseThrow();
        NodeIdentity identity = new NodeIdentity(s.nodeName(), s.server().toString(), ca, issued(answer, keys, ca, s));
        try {
            identity.write(s.dataDir());
        } catch (IOException e) {
            throw new AgentStartException(
                    "joined as " + s.nodeName() + " but cannot store the node's certificate in " + s.dataDir() + ": "
                            + e.getMessage(),
                    e);
        }
        LOG.info("joined {} as node {}; certificate valid until {}", s.server(), s.nodeName(), identity.notAfter());
        return identity;
    }

    /** The key and the certificate the control plane sent, checked: the CA's, for this key and node. */
    static IssuedCertificate issued(JoinResponse answer, KeyPair keys, X509Certificate ca, Settings s) {
        try {
            X509Certificate certificate = Pem.readCertificate(answer.certificate());
            certificate.verify(ca.getPublicKey());
            if (!certificate.getPublicKey().equals(keys.getPublic())
                    || !PeerIdentity.nodeOf(certificate)
                            .map(s.nodeName()::equals)
                            .orElse(false)) {
                throw new AgentStartException("the control plane at " + s.server() + " sent a certificate that is not"
                        + " for this node's key and name; refusing it");
            }
            return new IssuedCertificate(keys.getPrivate(), List.of(certificate, ca));
        } catch (CredentialException | GeneralSecurityException e) {
            throw new AgentStartException(
                    "the control plane at " + s.server() + " sent a certificate that its CA did" + " not sign ("
                            + e.getMessage() + "); refusing it",
                    e);
        }
    }

    /** False only when the control plane answers 401; an unreachable one gets the benefit of the doubt. */
    private static boolean accepted(URI server, NodeIdentity identity) {
        try (var client = ContinuumClient.connect(server, null, ClientOptions.defaults(), identity.controlPlaneTls())) {
            client.whoami();
            return true;
        } catch (ApiException e) {
            if (e.isUnauthorized()) {
                return false;
            }
            LOG.info("cannot check the stored certificate with {} ({}); using it", server, e.getMessage());
            return true;
        }
    }

    private static void checkSameCluster(X509Certificate storedCa, X509Certificate givenCa, CaPin pin, Settings s) {
        if (pin != null && !pin.matches(storedCa)) {
            throw new AgentStartException("--ca-hash " + pin + " does not match the cluster CA this node joined ("
                    + CaPin.of(storedCa) + ", in " + s.dataDir().resolve(NodeIdentity.FOLDER) + "); to join another"
                    + " cluster use another --data-dir");
        }
        if (givenCa != null && !givenCa.equals(storedCa)) {
            throw new AgentStartException("--ca-file " + s.caFile() + " is not the cluster CA this node joined ("
                    + CaPin.of(storedCa) + "); to join another cluster use another --data-dir");
        }
    }

    private static X509Certificate givenCa(Settings s) {
        if (s.caFile() == null) {
            return null;
        }
        try {
            return Pem.readCertificate(Files.readString(s.caFile()));
        } catch (IOException | CredentialException e) {
            throw new AgentStartException(
                    "--ca-file " + s.caFile() + " cannot be read as a certificate: " + e.getMessage(), e);
        }
    }

    private static CaPin parsePin(String text) {
        if (text == null) {
            return null;
        }
        try {
            return CaPin.parse(text);
        } catch (CredentialException e) {
            throw new AgentStartException("--ca-hash: " + e.getMessage(), e);
        }
    }

    /** Whether the certificate lacks a name in {@code needed} (comparing addresses by value). */
    public static boolean lacksNames(NodeIdentity identity, List<String> needed) {
        List<String> have =
                identity.names().stream().map(CertificateEnrollment::normalize).toList();
        return needed.stream().map(CertificateEnrollment::normalize).anyMatch(n -> !have.contains(n));
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.contains(":") || n.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            try {
                return InetAddress.getByName(n).getHostAddress();
            } catch (UnknownHostException e) {
                return n;
            }
        }
        return n;
    }
}
