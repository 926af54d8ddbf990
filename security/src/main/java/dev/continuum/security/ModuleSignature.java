package dev.continuum.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An Ed25519 signature of a module's digest by a named key, written {@code <key name>:<base64>}.
 *
 * <p>What is signed is the digest as text, {@code sha256:<64 lowercase hex>} in ASCII, so that the
 * signature names its hash function and binds exactly the bytes the agent checks against the
 * digest. Public keys are written {@code ed25519:<base64 of the 32 raw bytes>}.
 *
 * @param keyName the name of the trusted key that made it (as the Namespace lists it)
 * @param value the 64-byte signature, base64
 */
public record ModuleSignature(String keyName, String value) {

    /** Annotation of an Application (or Instance) holding the signature of one component's module. */
    public static final String ANNOTATION_PREFIX = "signature.continuum.dev/";

    public static final String PUBLIC_KEY_PREFIX = "ed25519:";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern KEY_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 raw bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** The annotation key for component {@code component}. */
    public static String annotation(String component) {
        return ANNOTATION_PREFIX + component;
    }

    /** {@code sha256:<hex>} of {@code module}. */
    public static String digestOf(byte[] module) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(module));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Signs {@code digest} ({@code sha256:<hex>}) with an Ed25519 key called {@code keyName}. */
    public static ModuleSignature sign(String keyName, PrivateKey key, String digest) {
        checkKeyName(keyName);
        checkDigest(digest);
        if (!key.getAlgorithm().equals("Ed25519") && !key.getAlgorithm().equals("EdDSA")) {
            throw new CredentialException("module signing keys are Ed25519, not " + key.getAlgorithm()
                    + "; create one with `continuum key create`");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(digest.getBytes(StandardCharsets.US_ASCII));
            return new ModuleSignature(keyName, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code <key name>:<base64>}.
     *
     * @throws CredentialException saying what is wrong with it
     */
    public static ModuleSignature parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new CredentialException("a module signature is written <key name>:<base64 signature>, not \"" + text
                    + "\"; `continuum sign` prints it");
        }
        String name = text.substring(0, colon);
        String value = text.substring(colon + 1).strip();
        checkKeyName(name);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new CredentialException("the signature by key \"" + name + "\" is not base64");
        }
        if (raw.length != 64) {
            throw new CredentialException(
                    "the signature by key \"" + name + "\" has " + raw.length + " bytes; Ed25519 signatures have 64");
        }
        return new ModuleSignature(name, value);
    }

    /** True when this signature was made over {@code digest} by the private half of {@code publicKey}. */
    public boolean verifies(PublicKey publicKey, String digest) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(digest.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getDecoder().decode(value));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code ed25519:<base64 of the 32 raw bytes>}. */
    public static String publicKeyText(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
            throw new CredentialException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return PUBLIC_KEY_PREFIX
                + Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length));
    }

    /**
     * Reads {@code ed25519:<base64>}.
     *
     * @throws CredentialException saying what is wrong with it
     */
    public static PublicKey parsePublicKey(String text) {
        if (text == null || !text.startsWith(PUBLIC_KEY_PREFIX)) {
            throw new CredentialException("a trusted key is written ed25519:<base64 of 32 bytes>, not \"" + text
                    + "\"; `continuum key create` writes it");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder()
                    .decode(text.substring(PUBLIC_KEY_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw new CredentialException("the trusted key \"" + text + "\" is not base64 after ed25519:");
        }
        if (raw.length != 32) {
            throw new CredentialException("an Ed25519 public key has 32 bytes, this one " + raw.length);
        }
        byte[] der = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new CredentialException("the trusted key \"" + text + "\" is not an Ed25519 key: " + e.getMessage());
        }
    }

    static void checkDigest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new CredentialException("\"" + digest + "\" is not a digest; expected sha256: and 64 hex digits");
        }
    }

    static void checkKeyName(String name) {
        if (name == null || !KEY_NAME.matcher(name).matches()) {
            throw new CredentialException("\"" + name + "\" is not a key name: lowercase letters, digits, '-' and"
                    + " '.', starting and ending with a letter or digit, at most 63");
        }
    }

    /** {@code <key name>:<base64>}, as the annotation holds it. */
    @Override
    public String toString() {
        return keyName + ":" + value;
    }
}
