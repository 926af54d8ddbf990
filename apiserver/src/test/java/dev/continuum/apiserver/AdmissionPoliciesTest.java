package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.security.KeyPairs;
import dev.continuum.security.ModuleSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed modules and tenant isolation, refused at admission with the reason; and the audit log of it all. */
class AdmissionPoliciesTest {

    @TempDir
    java.nio.file.Path dir;

    private SecureFixture f;
    private final KeyPair ci = KeyPairs.ed25519();
    private final String digest = ModuleSignature.digestOf("(module)".getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void start() {
        f = new SecureFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void namespace(String name, String spec) {
        SecureFixture.Answer a = f.admin()
                .post(
                        "/api/v1/namespaces",
                        "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name
                                + "\"},\"spec\":" + spec + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    private SecureFixture.Answer app(String ns, String annotations, String component) {
        return f.admin()
                .post(
                        "/api/v1/namespaces/" + ns + "/applications",
                        "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"Application\",\"metadata\":{\"name\":\"shop\""
                                + (annotations == null ? "" : ",\"annotations\":" + annotations) + "},"
                                + "\"spec\":{\"components\":[" + component + "]}}");
    }

    private String requireSignatures() {
        return "{\"moduleSigning\":{\"required\":true,\"trustedKeys\":[{\"name\":\"ci\",\"publicKey\":\""
                + ModuleSignature.publicKeyText(ci.getPublic()) + "\"}]}}";
    }

    private static String signatureAnnotation(ModuleSignature signature) {
        return "{\"signature.continuum.dev/web\":\"" + signature + "\"}";
    }

    @Test
    void aNamespaceThatRequiresSignaturesAdmitsOnlyModulesSignedByItsKeys() {
        namespace("secure", requireSignatures());
        String pinned = "{\"name\":\"web\",\"module\":\"https://example.com/web.wasm\",\"digest\":\"" + digest + "\"}";

        SecureFixture.Answer unsigned = app("secure", null, pinned);
        SecureFixture.Answer signed =
                app("secure", signatureAnnotation(ModuleSignature.sign("ci", ci.getPrivate(), digest)), pinned);

        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.json().path("field").asText()).isEqualTo("spec.components[0].module");
        assertThat(unsigned.message()).contains("requires signed modules").contains("continuum sign");
        assertThat(signed.status()).as(signed.body()).isEqualTo(201);
    }

    @Test
    void misSignedModulesAreRefusedEvenWhereSignaturesAreOptional() {
        namespace(
                "relaxed",
                "{\"moduleSigning\":{\"trustedKeys\":[{\"name\":\"ci\",\"publicKey\":\""
                        + ModuleSignature.publicKeyText(ci.getPublic()) + "\"}]}}");
        String other = ModuleSignature.digestOf("(module $other)".getBytes(StandardCharsets.UTF_8));
        String pinned = "{\"name\":\"web\",\"module\":\"https://example.com/web.wasm\",\"digest\":\"" + digest + "\"}";

        SecureFixture.Answer wrongDigest =
                app("relaxed", signatureAnnotation(ModuleSignature.sign("ci", ci.getPrivate(), other)), pinned);
        SecureFixture.Answer untrustedKey = app(
                "relaxed",
                signatureAnnotation(
                        ModuleSignature.sign("ci", KeyPairs.ed25519().getPrivate(), digest)),
                pinned);
        SecureFixture.Answer unknownKey =
                app("relaxed", signatureAnnotation(ModuleSignature.sign("rogue", ci.getPrivate(), digest)), pinned);
        SecureFixture.Answer noDigest = app(
                "relaxed",
                signatureAnnotation(ModuleSignature.sign("ci", ci.getPrivate(), digest)),
                "{\"name\":\"web\",\"module\":\"https://example.com/web.wasm\"}");

        assertThat(wrongDigest.status()).isEqualTo(403);
        assertThat(wrongDigest.message()).contains("does not match component web's digest " + digest);
        assertThat(untrustedKey.message()).contains("does not match");
        assertThat(unknownKey.message()).contains("key \"rogue\", which namespace relaxed does not trust");
        assertThat(noDigest.json().path("field").asText()).isEqualTo("spec.components[0].digest");
        assertThat(app("relaxed", null, pinned).status())
                .as("unsigned is fine here")
                .isEqualTo(201);
    }

    @Test
    void crossNamespaceLinksCallsAndBucketsNeedAnExport() {
        String crossing = "{\"name\":\"web\",\"module\":\"file:/web.wasm\",\"capabilities\":{\"calls\":"
                + "[\"team-a/catalog/lookup\"],\"keyvalue\":true,\"bucket\":\"team-a/catalog\"}}";
        String linking = "{\"name\":\"web\",\"module\":\"file:/web.wasm\"}],\"links\":[{\"from\":\"web\","
                + "\"to\":\"team-a/catalog/lookup\"}";

        SecureFixture.Answer call = app("team-b", null, crossing);
        SecureFixture.Answer link = app("team-b", null, linking);
        assertThat(call.status()).isEqualTo(403);
        assertThat(call.json().path("field").asText()).isEqualTo("spec.components[0].capabilities.calls[0]");
        assertThat(call.message())
                .contains("namespace team-b may not call component lookup of application catalog"
                        + " in namespace team-a");
        assertThat(link.json().path("field").asText()).isEqualTo("spec.links[0].to");
        String bucketOnly = "{\"name\":\"web\",\"module\":\"file:/web.wasm\",\"capabilities\":{\"keyvalue\":true,"
                + "\"bucket\":\"team-a/catalog\"}}";
        assertThat(app("team-b", null, bucketOnly).json().path("field").asText())
                .isEqualTo("spec.components[0].capabilities.bucket");
        String sameNamespace = "{\"name\":\"web\",\"module\":\"file:/web.wasm\",\"capabilities\":{\"calls\":"
                + "[\"catalog/lookup\"],\"keyvalue\":true,\"bucket\":\"catalog\"}}";
        assertThat(app("team-b", null, sameNamespace).status()).isEqualTo(201);

        namespace(
                "team-a",
                "{\"exports\":[{\"application\":\"catalog\",\"components\":[\"lookup\"],\"keyvalue\":true,"
                        + "\"to\":[\"team-b\"]}]}");
        assertThat(app("team-c", null, crossing).status())
                .as("exported to team-b only")
                .isEqualTo(403);
        assertThat(f.admin()
                        .delete("/api/v1/namespaces/team-b/applications/shop")
                        .status())
                .isEqualTo(200);
        assertThat(app("team-b", null, crossing).status()).isEqualTo(201);
    }

    @Test
    void everyMutatingCallIsAuditedWithWhoWhatAndWhen() throws Exception {
        namespace("team-a", "{}");
        String token = f.user("vic", java.util.Map.of("team-a", "viewer"));
        f.token(token).post("/api/v1/namespaces/team-a/applications", "{}");
        f.token(token).get("/api/v1/namespaces/team-a/applications");

        var lines = Files.readAllLines(f.auditLog);
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"user\":\"user/admin\"")
                        .contains("\"method\":\"POST\"")
                        .contains("\"path\":\"/api/v1/namespaces\"")
                        .contains("\"status\":201")
                        .contains("\"time\":\""));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"user\":\"user/vic\"")
                        .contains("\"namespace\":\"team-a\"")
                        .contains("\"resource\":\"applications\"")
                        .contains("\"status\":403"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("\"method\":\"GET\""));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(token));
        String metrics = f.anonymous().get("/metrics").body();
        assertThat(metrics).contains("continuum_api_mutations_total{identity=\"user\",method=\"POST\",status=\"403\"}");
        assertThat(metrics).contains("continuum_api_denied_total{identity=\"user\",status=\"403\"}");
    }
}
