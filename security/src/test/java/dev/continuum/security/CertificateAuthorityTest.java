package dev.continuum.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    @Test
    void isCreatedOnFirstUseWithItsKeyReadableByItsOwnerOnlyAndLoadedAfterwards() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, "test", clock);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(first.certificate().getBasicConstraints()).isZero();
        CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, "test", clock);
        assertThat(again.pin()).isEqualTo(first.pin());
        assertThat(again.pin().toString()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void refusesAKeyOthersCanReadAndAnIncompleteCa() throws Exception {
        CertificateAuthority.loadOrCreate(dir, "test", clock);
        Files.setPosixFilePermissions(dir.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "test", clock))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("can be read by other users")
                .hasMessageContaining("chmod 600");

        Files.delete(dir.resolve("ca.key"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "test", clock))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("ca.key is missing");
    }

    @Test
    void certifiesANodeUnderANameOnlyItChoosesWithTheHostsItAsksFor() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test", clock);
        KeyPair keys = KeyPairs.ecP256();
        String pem = NodeCertificateRequest.create(keys, "control-plane", List.of("gw-1.example", "10.0.0.7"));

        X509Certificate cert = ca.signNode(NodeCertificateRequest.parse(pem), "gw-1", Duration.ofHours(1));

        cert.verify(ca.certificate().getPublicKey());
        assertThat(PeerIdentity.nodeOf(cert)).contains("gw-1");
        assertThat(PeerIdentity.isControlPlane(cert)).isFalse();
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=gw-1");
        assertThat(cert.getSubjectAlternativeNames().stream()
                        .map(n -> String.valueOf(n.get(1)))
                        .toList())
                .contains("gw-1.example", "10.0.0.7");
        assertThat(Duration.between(
                        cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(1).plus(CertificateAuthority.BACKDATE));
        X509Certificate brief = ca.signNode(NodeCertificateRequest.parse(pem), "gw-1", Duration.ofSeconds(20));
        assertThat(Duration.between(
                        brief.getNotBefore().toInstant(), brief.getNotAfter().toInstant()))
                .as("a short life is backdated by a tenth of it, so renewal at two thirds stays ahead")
                .isEqualTo(Duration.ofSeconds(22));
    }

    @Test
    void aRequestMadeWithoutBouncyCastleReadsBackWithItsNamesAndKey() {
        KeyPair keys = KeyPairs.ecP256();

        var request = NodeCertificateRequest.parse(
                NodeCertificateRequest.create(keys, "gw-1", List.of("GW-1.example", "::1", "127.0.0.1", "localhost")));
        var bare = NodeCertificateRequest.parse(NodeCertificateRequest.create(keys, "gw-1", List.of()));

        assertThat(request.publicKey()).isEqualTo(keys.getPublic());
        assertThat(request.names()).containsExactly("gw-1.example", "0:0:0:0:0:0:0:1", "127.0.0.1", "localhost");
        assertThat(bare.names()).isEmpty();
    }

    @Test
    void aRequestWhoseSignatureDoesNotMatchItsKeyIsRefused() {
        String pem = NodeCertificateRequest.create(KeyPairs.ecP256(), "gw-1", List.of("gw-1.example"));
        byte[] der = Pem.decode(Pem.CERTIFICATE_REQUEST, pem).getFirst();
        der[der.length - 5] ^= 0x01;
        String forged = Pem.encode(Pem.CERTIFICATE_REQUEST, der);

        assertThatThrownBy(() -> NodeCertificateRequest.parse(forged))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("certificate request");
    }

    @Test
    void aRequestWithAnotherKeyTypeOrTooManyNamesIsRefused() {
        assertThatThrownBy(() -> NodeCertificateRequest.parse("not a request"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("CERTIFICATE REQUEST");
        List<String> many = java.util.stream.IntStream.range(0, 17)
                .mapToObj(i -> "h" + i + ".example")
                .toList();
        String pem = NodeCertificateRequest.create(KeyPairs.ecP256(), "gw-1", many);
        assertThatThrownBy(() -> NodeCertificateRequest.parse(pem))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("at most 16");
    }

    @Test
    void theControlPlaneCertificateNamesTheControlPlaneAndItsHosts() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test", clock);

        IssuedCertificate issued = ca.issueControlPlane(List.of("localhost", "127.0.0.1", "::1"), Duration.ofDays(1));

        assertThat(PeerIdentity.isControlPlane(issued.certificate())).isTrue();
        assertThat(issued.chain()).hasSize(2).last().isEqualTo(ca.certificate());
        assertThat(PeerIdentity.describe(issued.certificate())).isEqualTo("the control plane");
    }

    @Test
    void pinsAreTheHashOfTheCaKeyAndParseStrictly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test", clock);
        var digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(ca.certificate().getPublicKey().getEncoded());

        assertThat(ca.pin().hex()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        assertThat(CaPin.parse(ca.pin().toString().toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(ca.pin());
        assertThatThrownBy(() -> CaPin.parse("md5:abc"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("sha256: and 64 hex digits");
        assertThat(Base64.getEncoder().encodeToString(digest)).isNotEmpty();
    }

    @Test
    void keysAndCertificatesSurviveAPemRoundTrip() {
        KeyPair ec = KeyPairs.ecP256();
        KeyPair ed = KeyPairs.ed25519();
        assertThat(Pem.readPrivateKey(Pem.privateKey(ec.getPrivate())).getEncoded())
                .isEqualTo(ec.getPrivate().getEncoded());
        assertThat(Pem.readPrivateKey(Pem.privateKey(ed.getPrivate())).getAlgorithm())
                .isIn("Ed25519", "EdDSA");
        assertThatThrownBy(() -> Pem.readCertificates(""))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("BEGIN CERTIFICATE");
    }

    @Test
    void aPrivateKeyBlockThatIsNotPkcs8OrOfAnotherAlgorithmIsNamed() {
        byte[] ec = KeyPairs.ecP256().getPrivate().getEncoded();
        byte[] cut = java.util.Arrays.copyOf(ec, 20);
        // PrivateKeyInfo with rsaEncryption (1.2.840.113549.1.1.1) as its algorithm
        byte[] rsa = Der.of(
                Der.SEQUENCE,
                Der.tlv(Der.INTEGER, new byte[] {0}),
                Der.of(Der.SEQUENCE, Der.oid("1.2.840.113549.1.1.1")),
                Der.tlv(Der.OCTET_STRING, new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.encode("PRIVATE KEY", cut)))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("not PKCS#8")
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.encode("PRIVATE KEY", new byte[] {0x04, 0x01, 0x00})))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("expected tag 0x30, found 0x4");
        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.encode("PRIVATE KEY", rsa)))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("unsupported private key algorithm 1.2.840.113549.1.1.1");
    }
}
