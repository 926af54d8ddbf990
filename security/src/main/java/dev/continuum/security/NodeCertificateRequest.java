package dev.continuum.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

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

    /**
     * A PEM request for {@code keys} (an EC key pair), naming the node and the host names its gateway
     * answers at. Encoded with the JDK alone (PKCS#10: subject {@code CN=<node>}, the names as a
     * subjectAltName extension request, signed SHA256withECDSA), so that a node loads no Bouncy Castle.
     */
    public static String create(KeyPair keys, String nodeName, List<String> names) {
        List<String> normalized = SubjectNames.normalize(names);
        byte[] attributes;
        if (normalized.isEmpty()) {
            attributes = Der.of(0xa0);
        } else {
            var sans = new ArrayList<byte[]>();
            for (String name : normalized) {
                sans.add(
                        SubjectNames.isIpAddress(name)
                                ? Der.tlv(0x87, ipBytes(name))
                                : Der.tlv(0x82, name.getBytes(StandardCharsets.US_ASCII)));
            }
            byte[] subjectAltName = Der.of(
                    Der.SEQUENCE,
                    Der.oid("2.5.29.17"),
                    Der.tlv(Der.OCTET_STRING, Der.of(Der.SEQUENCE, sans.toArray(byte[][]::new))));
            attributes = Der.of(
                    0xa0,
                    Der.of(
                            Der.SEQUENCE,
                            Der.oid(EXTENSION_REQUEST),
                            Der.of(Der.SET, Der.of(Der.SEQUENCE, subjectAltName))));
        }
        byte[] info = Der.of(
                Der.SEQUENCE,
                Der.tlv(Der.INTEGER, new byte[] {0}),
                Der.of(Der.SEQUENCE, Der.of(Der.SET, Der.of(Der.SEQUENCE, Der.oid("2.5.4.3"), Der.utf8(nodeName)))),
                keys.getPublic().getEncoded(),
                attributes);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(info);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a certificate request: " + e.getMessage(), e);
        }
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] request = Der.of(
                Der.SEQUENCE,
                info,
                Der.of(Der.SEQUENCE, Der.oid("1.2.840.10045.4.3.2")),
                Der.tlv(Der.BIT_STRING, bits));
        return Pem.encode(Pem.CERTIFICATE_REQUEST, request);
    }

    private static final String EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

    private static byte[] ipBytes(String literal) {
        try {
            // a literal address: no name is looked up
            return java.net.InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new CredentialException("\"" + literal + "\" is not an IP address; a certificate cannot name it");
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
