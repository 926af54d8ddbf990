package dev.continuum.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one key and certificate chain, replaceable at any time ({@link #update}): handshakes that
 * begin afterwards present the new one, so a renewed certificate takes effect without restarting a
 * server. Thread-safe.
 */
public final class RotatingKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "current";

    private final AtomicReference<IssuedCertificate> current;

    public RotatingKeyManager(IssuedCertificate initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public void update(IssuedCertificate value) {
        current.set(Objects.requireNonNull(value, "value"));
    }

    public IssuedCertificate current() {
        return current.get();
    }

    private boolean fits(String keyType) {
        String algorithm = current.get().key().getAlgorithm();
        return keyType == null
                || keyType.equalsIgnoreCase(algorithm)
                || (algorithm.equals("EC") && keyType.startsWith("EC"));
    }

    private String aliasFor(String[] keyTypes) {
        return keyTypes == null || Arrays.stream(keyTypes).anyMatch(this::fits) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current.get().chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current.get().key() : null;
    }
}
