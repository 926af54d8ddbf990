package dev.continuum.agent.identity;

import dev.continuum.client.ClientTls;
import dev.continuum.security.CredentialException;
import dev.continuum.security.IssuedCertificate;
import dev.continuum.security.PeerRole;
import dev.continuum.security.Pem;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.security.SecretFiles;
import dev.continuum.security.Tls;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * This node's TLS identity: its private key and certificate (issued by the cluster CA, naming the
 * node) and the CA itself, kept in {@code <data dir>/tls/}:
 *
 * <pre>
 *   node.key       the private key, PKCS#8, readable by the owner only
 *   node.crt       the node's current certificate
 *   ca.crt         the cluster CA, trusted for the control plane and other gateways
 *   identity       node= and server= the certificate belongs to
 * </pre>
 *
 * The key and certificate sit in a {@link RotatingKeyManager}, so a renewal reaches every TLS
 * context built from {@link #keys()} at its next handshake. Thread-safe.
 */
public final class NodeIdentity {

    public static final String FOLDER = "tls";
    static final String KEY_FILE = "node.key";
    static final String CERTIFICATE_FILE = "node.crt";
    static final String CA_FILE = "ca.crt";
    static final String IDENTITY_FILE = "identity";

    private final String nodeName;
    private final String server;
    private final X509Certificate ca;
    private final RotatingKeyManager keys;

    public NodeIdentity(String nodeName, String server, X509Certificate ca, IssuedCertificate current) {
        this.nodeName = nodeName;
        this.server = server;
        this.ca = ca;
        this.keys = new RotatingKeyManager(current);
    }

    /**
     * The identity stored in {@code dataDir}, if there is one.
     *
     * @throws IOException when the files cannot be read, or are damaged (the message names them)
     */
    public static Optional<NodeIdentity> read(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(FOLDER);
        if (!Files.exists(dir.resolve(IDENTITY_FILE))) {
            return Optional.empty();
        }
        var properties = new Properties();
        properties.load(new StringReader(Files.readString(dir.resolve(IDENTITY_FILE))));
        String node = properties.getProperty("node");
        if (node == null) {
            throw new IOException(dir.resolve(IDENTITY_FILE) + " names no node; delete " + dir
                    + " and join again with a bootstrap token");
        }
        try {
            X509Certificate ca = Pem.readCertificate(Files.readString(dir.resolve(CA_FILE)));
            X509Certificate certificate = Pem.readCertificate(Files.readString(dir.resolve(CERTIFICATE_FILE)));
            PrivateKey key = Pem.readPrivateKey(Files.readString(dir.resolve(KEY_FILE)));
            return Optional.of(new NodeIdentity(
                    node,
                    properties.getProperty("server", ""),
                    ca,
                    new IssuedCertificate(key, List.of(certificate, ca))));
        } catch (CredentialException e) {
            throw new IOException(
                    "the node identity in " + dir + " is damaged (" + e.getMessage() + "); delete " + dir
                            + " and join again with a bootstrap token",
                    e);
        }
    }

    /** Stores this identity in {@code dataDir}, the key readable by its owner only; each file is replaced whole. */
    public synchronized void write(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(FOLDER);
        IssuedCertificate current = keys.current();
        SecretFiles.writePublic(dir.resolve(CA_FILE), Pem.certificate(ca));
        SecretFiles.writePrivate(dir.resolve(KEY_FILE), Pem.privateKey(current.key()));
        SecretFiles.writePublic(dir.resolve(CERTIFICATE_FILE), Pem.certificate(current.certificate()));
        SecretFiles.writePublic(
                dir.resolve(IDENTITY_FILE),
                "# Continuum node identity: the node and control plane node.crt belongs to.\n" + "node=" + nodeName
                        + "\nserver=" + server + "\n");
    }

    /** Replaces the key and certificate (a renewal); new handshakes present them. */
    public void update(IssuedCertificate renewed) {
        keys.update(renewed);
    }

    public String nodeName() {
        return nodeName;
    }

    public String server() {
        return server;
    }

    public X509Certificate ca() {
        return ca;
    }

    public RotatingKeyManager keys() {
        return keys;
    }

    public X509Certificate certificate() {
        return keys.current().certificate();
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    /** When to renew: two thirds into the certificate's life. */
    public Instant renewAt() {
        Instant from = certificate().getNotBefore().toInstant();
        Duration life = Duration.between(from, notAfter());
        return from.plus(life.multipliedBy(2).dividedBy(3));
    }

    /** The host names and addresses the certificate is valid for. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try {
            var sans = certificate().getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2
                            && (Integer.valueOf(2).equals(san.get(0))
                                    || Integer.valueOf(7).equals(san.get(0)))) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    /** TLS to the control plane, presenting this node's certificate. */
    public ClientTls controlPlaneTls() {
        return () -> Tls.client(ca, PeerRole.CONTROL_PLANE, keys);
    }

    /** TLS for the gateway's listener: this node's certificate; callers' certificates checked against the CA. */
    public SSLContext gatewayServerContext() {
        return Tls.server(keys, ca);
    }

    /** TLS to other nodes' gateways: they must present a node certificate of the CA. */
    public SSLContext gatewayClientContext() {
        return Tls.client(ca, PeerRole.NODE, keys);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + nodeName + ", certificate "
                + certificate().getSerialNumber().toString(16) + " valid until " + notAfter() + "]";
    }
}
