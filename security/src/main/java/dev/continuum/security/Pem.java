package dev.continuum.security;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text for certificates ({@code CERTIFICATE}), private keys (PKCS#8 {@code PRIVATE KEY}, EC or
 * Ed25519) and certificate requests ({@code CERTIFICATE REQUEST}). Pure; thread-safe.
 */
public final class Pem {

    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private Pem() {}

    public static String certificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateException e) {
            throw new CredentialException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Several certificates, one block after the other (a chain, leaf first). */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(certificate(c)));
        return out.toString();
    }

    public static String privateKey(PrivateKey key) {
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    /** Every certificate in {@code text}, in order; at least one. */
    public static List<X509Certificate> readCertificates(String text) {
        List<byte[]> blocks = decode(CERTIFICATE, text);
        if (blocks.isEmpty()) {
            throw new CredentialException("no -----BEGIN CERTIFICATE----- block found");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (byte[] der : blocks) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new CredentialException("a certificate block is not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** The first certificate in {@code text}. */
    public static X509Certificate readCertificate(String text) {
        return readCertificates(text).getFirst();
    }

    /** The PKCS#8 private key in {@code text} (EC or Ed25519). */
    public static PrivateKey readPrivateKey(String text) {
        List<byte[]> blocks = decode(PRIVATE_KEY, text);
        if (blocks.size() != 1) {
            throw new CredentialException(
                    "expected one -----BEGIN PRIVATE KEY----- block (PKCS#8), found " + blocks.size());
        }
        byte[] der = blocks.getFirst();
        String algorithm;
        try {
            // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier SEQUENCE { algorithm OID, ... }, key }
            Der.Reader info = new Der.Reader(der).enter(Der.SEQUENCE);
            info.read(Der.INTEGER);
            String oid = Der.oidText(info.enter(Der.SEQUENCE).read(Der.OID));
            algorithm = switch (oid) {
                case "1.2.840.10045.2.1" -> "EC";
                case "1.3.101.112" -> "Ed25519";
                default ->
                    throw new CredentialException("unsupported private key algorithm " + oid
                            + "; Continuum uses EC P-256 keys for TLS and Ed25519 keys for signing");
            };
        } catch (IllegalArgumentException e) {
            throw new CredentialException("the private key block is not PKCS#8: " + e.getMessage(), e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new CredentialException("the " + algorithm + " private key cannot be read: " + e.getMessage(), e);
        }
    }

    static String encode(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    static List<byte[]> decode(String type, String text) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text == null ? "" : text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new CredentialException("a " + type + " block is not valid base64", e);
                }
            }
        }
        return out;
    }
}
