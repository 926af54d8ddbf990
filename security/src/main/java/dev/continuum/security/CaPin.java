package dev.continuum.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A CA pinned by the SHA-256 of its public key (the DER SubjectPublicKeyInfo), written
 * {@code sha256:<64 hex>} as kubeadm's {@code --discovery-token-ca-cert-hash}: an agent that knows
 * only this can recognise its control plane's CA on first contact.
 */
public record CaPin(String hex) {

    private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");

    public CaPin {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a CA pin is 64 lowercase hex digits, not " + hex);
        }
    }

    /** The pin of {@code ca}'s public key. */
    public static CaPin of(X509Certificate ca) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(ca.getPublicKey().getEncoded());
            return new CaPin(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Reads {@code sha256:<64 hex>}.
     *
     * @throws CredentialException saying what the text should look like
     */
    public static CaPin parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(t).matches()) {
            throw new CredentialException("\"" + text + "\" is not a CA hash; expected sha256: and 64 hex digits,"
                    + " as the control plane prints it and `continuum token create` shows it");
        }
        return new CaPin(t.substring("sha256:".length()));
    }

    public boolean matches(X509Certificate certificate) {
        return equals(of(certificate));
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
