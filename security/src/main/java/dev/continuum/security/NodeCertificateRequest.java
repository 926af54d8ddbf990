package dev.continuum.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A node's certificate signing request (PKCS#10), checked: its signature proves the sender holds the
 * private key, the key is ECDSA P-256, and the host names and addresses it asks for are well formed.
 * Whatever subject or other names it asks for, the CA decides the node's identity itself.
 *
 * @param publicKey the key to certify
 * @param names the DNS names and IP addresses the node's gateway answers at
 */
public record NodeCertificateRequest(PublicKey publicKey, List<String> names) {

    /** At most this many host names and addresses per node certificate. */
    public static final int MAX_NAMES = 16;

    public NodeCertificateRequest {
        names = List.copyOf(names);
    }

    /** A PEM request for {@code keys}, naming the node and the host names its gateway answers at. */
    public static String create(KeyPair keys, String nodeName, List<String> names) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + nodeName), keys.getPublic());
            List<String> normalized = SubjectNames.normalize(names);
            if (!normalized.isEmpty()) {
                var extensions = new ExtensionsGenerator();
                extensions.addExtension(
                        Extension.subjectAlternativeName, false, SubjectNames.generalNames(normalized, List.of()));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            PKCS10CertificationRequest request =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return Pem.encode(Pem.CERTIFICATE_REQUEST, request.getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build a certificate request: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a PEM request.
     *
     * @throws CredentialException when it is not a request, its signature does not verify, its key
     *     is not EC P-256, or it names too many or malformed hosts
     */
    public static NodeCertificateRequest parse(String pem) {
        List<byte[]> blocks = Pem.decode(Pem.CERTIFICATE_REQUEST, pem);
        if (blocks.size() != 1) {
            throw new CredentialException(
                    "expected one -----BEGIN CERTIFICATE REQUEST----- block, found " + blocks.size());
        }
        JcaPKCS10CertificationRequest request;
        PublicKey key;
        try {
            request = new JcaPKCS10CertificationRequest(blocks.getFirst());
            key = request.getPublicKey();
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            throw new CredentialException("the certificate request cannot be read: " + e.getMessage(), e);
        }
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new CredentialException(
                    "the certificate request's key must be ECDSA P-256, not " + key.getAlgorithm());
        }
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new CredentialException(
                        "the certificate request's signature does not match its key (it was altered, or forged)");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new CredentialException(
                    "the certificate request's signature cannot be checked: " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        var attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        for (var attribute : attributes) {
            var extensions = org.bouncycastle.asn1.x509.Extensions.getInstance(
                    attribute.getAttrValues().getObjectAt(0));
            GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (sans == null) {
                continue;
            }
            for (GeneralName name : sans.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> names.add(name.getName().toString());
                    case GeneralName.iPAddress -> names.add(ipText(name));
                    default -> {
                        // URIs and other names are the CA's to set; a request cannot choose them.
                    }
                }
            }
        }
        if (names.size() > MAX_NAMES) {
            throw new CredentialException(
                    "the certificate request names " + names.size() + " hosts; at most " + MAX_NAMES + " are allowed");
        }
        return new NodeCertificateRequest(key, SubjectNames.normalize(names));
    }

    private static String ipText(GeneralName name) {
        byte[] raw =
                org.bouncycastle.asn1.DEROctetString.getInstance(name.getName()).getOctets();
        try {
            return java.net.InetAddress.getByAddress(raw).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new CredentialException("the certificate request names an IP address of " + raw.length + " bytes");
        }
    }
}
