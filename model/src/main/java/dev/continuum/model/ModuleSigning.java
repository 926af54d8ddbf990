package dev.continuum.model;

import java.util.List;
import java.util.Optional;

/**
 * The keys a namespace trusts to sign its modules, and whether every module must carry a signature
 * by one of them. A signature that is present is always checked, required or not.
 *
 * @param required every component's module must be pinned by digest and signed by a trusted key
 * @param trustedKeys the Ed25519 public keys, by name
 */
public record ModuleSigning(Boolean required, List<TrustedKey> trustedKeys) {

    public static final ModuleSigning NONE = new ModuleSigning(false, null);

    public ModuleSigning {
        trustedKeys = Collections2.list(trustedKeys);
    }

    public boolean isRequired() {
        return Boolean.TRUE.equals(required);
    }

    public Optional<TrustedKey> key(String name) {
        return trustedKeys.stream()
                .filter(k -> k != null && name.equals(k.name()))
                .findFirst();
    }

    /**
     * One trusted signing key.
     *
     * @param name how signatures refer to it
     * @param publicKey {@code ed25519:<base64 of the 32 raw bytes>}, as {@code continuum key create} writes it
     */
    public record TrustedKey(String name, String publicKey) {}
}
