package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.security.IssuedCertificate;
import dev.continuum.security.KeyPairs;
import dev.continuum.security.NodeCertificateRequest;
import dev.continuum.security.PeerIdentity;
import dev.continuum.security.Pem;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.store.KeyValue;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes join over TLS with single-use bootstrap tokens and certificate requests, and renew with mutual TLS. */
class NodeJoinTest {

    @TempDir
    java.nio.file.Path dir;

    private SecureFixture f;

    @BeforeEach
    void start() {
        f = new SecureFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private SecureFixture.Answer join(String token, String node, String csr) {
        return f.token(token).post("/api/v1/join", ResourceCodec.get().toJson(Map.of("nodeName", node, "csr", csr)));
    }

    private static String csr(String node) {
        return NodeCertificateRequest.create(KeyPairs.ecP256(), node, List.of("127.0.0.1"));
    }

    @Test
    void aSingleUseTokenGetsACertificateThatNamesOnlyThisNode() throws Exception {
        String token = f.bootstrapToken();
        assertThat(token).matches("[0-9a-f]{8}\\.[0-9a-f]{32}");

        SecureFixture.Answer answer = join(token, "gw-1", csr("control-plane"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        X509Certificate cert =
                Pem.readCertificate(answer.json().path("certificate").asText());
        cert.verify(f.ca.certificate().getPublicKey());
        assertThat(PeerIdentity.nodeOf(cert)).contains("gw-1");
        assertThat(PeerIdentity.isControlPlane(cert)).isFalse();
        assertThat(answer.json().path("caCertificate").asText()).isEqualTo(Pem.certificate(f.ca.certificate()));
        assertThat(answer.json().has("token")).isFalse();
    }

    @Test
    void aTokenUsedOnceIsRefusedTheSecondTimeNamingWhoUsedIt() {
        String token = f.bootstrapToken();
        assertThat(join(token, "gw-1", csr("gw-1")).status()).isEqualTo(200);

        SecureFixture.Answer again = join(token, "gw-2", csr("gw-2"));

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.message()).contains("already used by node gw-1").contains("continuum token create");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = f.bootstrapToken();
        f.clock.advance(Duration.ofHours(2));

        SecureFixture.Answer answer = join(token, "gw-1", csr("gw-1"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.message()).contains("expired at");
    }

    @Test
    void forgedTokensAreRefused() {
        String real = f.bootstrapToken();
        String wrongSecret = real.substring(0, 9) + "0".repeat(32);
        String unknownId = "00000000." + real.substring(9);

        assertThat(join(wrongSecret, "gw-1", csr("gw-1")).message()).contains("secret of bootstrap token");
        assertThat(join(unknownId, "gw-1", csr("gw-1")).message()).contains("no bootstrap token 00000000");
        assertThat(join("letmein", "gw-1", csr("gw-1")).message()).contains("not a bootstrap token");
        assertThat(join(real, "gw-1", csr("gw-1")).status())
                .as("the real one is still unused")
                .isEqualTo(200);
    }

    @Test
    void aMalformedRequestDoesNotSpendTheToken() {
        String token = f.bootstrapToken();
        byte[] der = java.util.Base64.getMimeDecoder().decode(csr("gw-1").replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 4] ^= 1;
        String forged = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";

        SecureFixture.Answer bad = join(token, "gw-1", forged);
        SecureFixture.Answer missing = f.token(token).post("/api/v1/join", "{\"nodeName\":\"gw-1\"}");

        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("field").asText()).isEqualTo("csr");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.message()).contains("this control plane runs TLS");
        assertThat(join(token, "gw-1", csr("gw-1")).status()).isEqualTo(200);
    }

    @Test
    void onlyTheHashOfATokenIsStoredAndNoneIsInTheRegistry() {
        String token = f.bootstrapToken();
        String secret = token.substring(9);

        for (KeyValue kv : f.kv.list("/credentials/").items()) {
            assertThat(new String(kv.value(), StandardCharsets.UTF_8)).doesNotContain(secret);
        }
        assertThat(f.kv.list("/credentials/bootstrap/").items()).hasSize(1);
        assertThat(f.kv.list("/registry/").items()).isEmpty();
    }

    @Test
    void theNodeCertificateAuthenticatesTheNodeAndJoiningAgainShutsOutTheOldOne() {
        RotatingKeyManager first = f.join("gw-1");
        assertThat(f.node(first).get("/api/v1/whoami").json().path("name").asText())
                .isEqualTo("gw-1");

        RotatingKeyManager second = f.join("gw-1");

        assertThat(f.node(second).get("/api/v1/whoami").status()).isEqualTo(200);
        SecureFixture.Answer old = f.node(first).get("/api/v1/whoami");
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.message()).contains("no longer good").contains("join again");
    }

    @Test
    void renewalIssuesANewCertificateAndKeepsThePreviousGoodUntilTheNextRenewal() {
        RotatingKeyManager first = f.join("gw-1");
        RotatingKeyManager second = renew(first);
        assertThat(second.current().certificate().getSerialNumber())
                .isNotEqualTo(first.current().certificate().getSerialNumber());
        assertThat(f.node(second).get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(f.node(first).get("/api/v1/whoami").status()).isEqualTo(200);

        RotatingKeyManager third = renew(second);

        assertThat(f.node(third).get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(f.node(first).get("/api/v1/whoami").status()).isEqualTo(401);
    }

    @Test
    void renewingNeedsTheNodesCertificate() {
        SecureFixture.Answer anonymous =
                f.anonymous().post("/api/v1/renew", ResourceCodec.get().toJson(Map.of("csr", csr("gw-1"))));
        SecureFixture.Answer user =
                f.admin().post("/api/v1/renew", ResourceCodec.get().toJson(Map.of("csr", csr("gw-1"))));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(user.status()).isEqualTo(401);
        assertThat(user.message()).contains("node's current certificate");
    }

    @Test
    void aCertificatePastItsLifeByTheControlPlanesClockIsRefused() {
        RotatingKeyManager node = f.join("gw-1");
        f.clock.advance(Duration.ofHours(25));

        SecureFixture.Answer answer = f.node(node).get("/api/v1/whoami");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.message()).contains("expired");
    }

    @Test
    void anAdministratorRevokesANodesCertificate() {
        RotatingKeyManager node = f.join("gw-1");

        SecureFixture.Answer revoked = f.admin().delete("/api/v1/nodes/gw-1/credentials");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(f.node(node).get("/api/v1/whoami").status()).isEqualTo(401);
        assertThat(f.node(f.join("gw-2"))
                        .delete("/api/v1/nodes/gw-1/credentials")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void bootstrapTokensAreCreatedListedAndDeletedByClusterAdministratorsOnly() {
        SecureFixture.Answer created =
                f.admin().post("/api/v1/bootstraptokens", "{\"ttl\":\"30m\",\"description\":\"gw-7 on line 4\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("caHash").asText()).isEqualTo(f.ca.pin().toString());
        String id = created.json().path("id").asText();

        SecureFixture.Answer listed = f.admin().get("/api/v1/bootstraptokens");
        assertThat(listed.body())
                .contains(id)
                .contains("gw-7 on line 4")
                .doesNotContain(created.json().path("token").asText().substring(9));
        assertThat(f.admin()
                        .post("/api/v1/bootstraptokens", "{\"ttl\":\"30d\"}")
                        .status())
                .isEqualTo(422);
        String viewer = f.user("alice", Map.of("default", "admin"));
        assertThat(f.token(viewer).post("/api/v1/bootstraptokens", "{}").status())
                .isEqualTo(403);
        assertThat(f.anonymous().get("/api/v1/bootstraptokens").status()).isEqualTo(401);
        assertThat(f.admin().delete("/api/v1/bootstraptokens/" + id).status()).isEqualTo(200);
        assertThat(join(created.json().path("token").asText(), "gw-7", csr("gw-7"))
                        .status())
                .isEqualTo(401);
    }

    private RotatingKeyManager renew(RotatingKeyManager current) {
        KeyPair keys = KeyPairs.ecP256();
        SecureFixture.Answer answer = f.node(current)
                .post(
                        "/api/v1/renew",
                        ResourceCodec.get()
                                .toJson(Map.of(
                                        "csr", NodeCertificateRequest.create(keys, "gw-1", List.of("127.0.0.1")))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new RotatingKeyManager(new IssuedCertificate(
                keys.getPrivate(),
                List.of(Pem.readCertificate(answer.json().path("certificate").asText()), f.ca.certificate())));
    }
}
