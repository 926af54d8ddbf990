package dev.continuum.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: an ECDSA P-256 key and a self-signed certificate (ten years),
 * kept in a folder as {@value #CERTIFICATE_FILE} and {@value #KEY_FILE} (the key readable by its
 * owner only). It issues the control plane's server certificate and signs nodes' requests; every
 * certificate it issues names its holder by a {@link PeerIdentity} URI that only the CA sets.
 *
 * <p>Thread-safe: it holds no mutable state besides its random source.
 */
public final class CertificateAuthority {

    public static final String CERTIFICATE_FILE = "ca.crt";
    public static final String KEY_FILE = "ca.key";
    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    /**
     * Issued certificates start this much before "now" (or a tenth of their life, if less), so a peer
     * whose clock is a little behind accepts them.
     */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final String SIGNATURE = "SHA256withECDSA";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(PrivateKey key, X509Certificate certificate, Clock clock) {
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
    }

    /**
     * The CA in {@code dir}, created there on first use.
     *
     * @throws CredentialException when the files exist but are unusable (the message names them)
     * @throws UncheckedIOException when the folder cannot be read or written
     */
    public static CertificateAuthority loadOrCreate(Path dir, String clusterName, Clock clock) {
        Path certFile = dir.resolve(CERTIFICATE_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        try {
            if (Files.exists(certFile) || Files.exists(keyFile)) {
                return load(certFile, keyFile, clock);
            }
            KeyPair keys = KeyPairs.ecP256();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=" + clusterName + " CA,O=Continuum");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(128, new SecureRandom()),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_LIFETIME)),
                    name,
                    keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate ca = sign(builder, keys.getPrivate());
            SecretFiles.writePrivate(keyFile, Pem.privateKey(keys.getPrivate()));
            SecretFiles.writePublic(certFile, Pem.certificate(ca));
            return new CertificateAuthority(keys.getPrivate(), ca, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the cluster CA in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the cluster CA: " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority load(Path certFile, Path keyFile, Clock clock) throws IOException {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            throw new CredentialException("the cluster CA is incomplete: "
                    + (Files.exists(certFile) ? keyFile : certFile)
                    + " is missing; restore it from a backup (or, to start a new cluster, remove both "
                    + certFile.getFileName() + " and " + keyFile.getFileName() + " — every node must then join again)");
        }
        if (SecretFiles.readableByOthers(keyFile)) {
            throw new CredentialException(keyFile + " can be read by other users; make it readable by its owner only"
                    + " (chmod 600 " + keyFile + ")");
        }
        X509Certificate ca;
        PrivateKey key;
        try {
            ca = Pem.readCertificate(Files.readString(certFile));
            key = Pem.readPrivateKey(Files.readString(keyFile));
        } catch (CredentialException e) {
            throw new CredentialException(
                    "the cluster CA in " + certFile.getParent() + " is unreadable: " + e.getMessage(), e);
        }
        if (ca.getBasicConstraints() < 0) {
            throw new CredentialException(certFile + " is not a CA certificate");
        }
        if (!matches(key, ca.getPublicKey())) {
            throw new CredentialException(keyFile + " is not the key of " + certFile);
        }
        return new CertificateAuthority(key, ca, clock);
    }

    private static boolean matches(PrivateKey key, PublicKey pub) {
        try {
            byte[] probe = "continuum".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            var signer = java.security.Signature.getInstance(SIGNATURE);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            var verifier = java.security.Signature.getInstance(SIGNATURE);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public CaPin pin() {
        return CaPin.of(certificate);
    }

    /**
     * A new key and certificate for the control plane: valid for {@code names} (host names and IP
     * addresses) for {@code lifetime}, for both server and client authentication (the control plane is
     * the client when it calls a node's gateway), naming {@link PeerIdentity#CONTROL_PLANE}.
     */
    public IssuedCertificate issueControlPlane(List<String> names, Duration lifetime) {
        KeyPair keys = KeyPairs.ecP256();
        X509Certificate cert = issue(
                "CN=continuum-control-plane,O=Continuum",
                keys.getPublic(),
                names,
                PeerIdentity.CONTROL_PLANE,
                lifetime);
        return new IssuedCertificate(keys.getPrivate(), List.of(cert, certificate));
    }

    /**
     * Certifies a node's key: {@code CN=<node>}, the URI {@code urn:continuum:node:<node>}, the host
     * names and addresses of the request, for {@code lifetime}, for server (its gateway) and client
     * (its calls) authentication.
     */
    public X509Certificate signNode(NodeCertificateRequest request, String nodeName, Duration lifetime) {
        return issue(
                "CN=" + nodeName + ",O=Continuum nodes",
                request.publicKey(),
                request.names(),
                PeerIdentity.nodeUri(nodeName),
                lifetime);
    }

    private X509Certificate issue(
            String subject, PublicKey publicKey, List<String> names, String identity, Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a certificate's lifetime must be positive, not " + lifetime);
        }
        Instant now = clock.instant();
        Instant notAfter = now.plus(lifetime);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    certificate,
                    new BigInteger(128, random),
                    Date.from(now.minus(backdate(lifetime))),
                    Date.from(notAfter),
                    new X500Name(subject),
                    publicKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    SubjectNames.generalNames(new ArrayList<>(names), List.of(identity)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            return sign(builder, key);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    static Duration backdate(Duration lifetime) {
        Duration tenth = lifetime.dividedBy(10);
        return tenth.compareTo(BACKDATE) < 0 ? tenth : BACKDATE;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with the CA key: " + e.getMessage(), e);
        }
    }
}
