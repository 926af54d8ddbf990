package dev.continuum.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class ModuleSignatureTest {

    private final KeyPair ci = KeyPairs.ed25519();
    private final String digest = ModuleSignature.digestOf("(module)".getBytes(StandardCharsets.UTF_8));

    @Test
    void aSignatureVerifiesWithItsKeyAndDigestOnly() {
        ModuleSignature signature = ModuleSignature.sign("ci", ci.getPrivate(), digest);
        var publicKey = ModuleSignature.parsePublicKey(ModuleSignature.publicKeyText(ci.getPublic()));

        assertThat(ModuleSignature.parse(signature.toString())).isEqualTo(signature);
        assertThat(signature.verifies(publicKey, digest)).isTrue();
        String other = ModuleSignature.digestOf("(module $x)".getBytes(StandardCharsets.UTF_8));
        assertThat(signature.verifies(publicKey, other)).isFalse();
        assertThat(signature.verifies(KeyPairs.ed25519().getPublic(), digest)).isFalse();
    }

    @Test
    void malformedSignaturesAndKeysSayWhatTheyShouldBe() {
        assertThatThrownBy(() -> ModuleSignature.parse("no-colon"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("<key name>:<base64 signature>");
        assertThatThrownBy(() -> ModuleSignature.parse("ci:AAAA"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("Ed25519 signatures have 64");
        assertThatThrownBy(() -> ModuleSignature.parsePublicKey("rsa:AAAA"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("ed25519:<base64 of 32 bytes>");
        assertThatThrownBy(() -> ModuleSignature.sign("ci", KeyPairs.ecP256().getPrivate(), digest))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("Ed25519");
        assertThatThrownBy(() -> ModuleSignature.sign("ci", ci.getPrivate(), "sha256:xyz"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("not a digest");
    }
}
