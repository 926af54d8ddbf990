package dev.continuum.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.cli.ClusterAccess;
import dev.continuum.cli.ContinuumProcess;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespaces as tenants, through the CLI as their users would work: {@code continuum up}; the
 * administrator makes users alice (admin of team-a) and bob (editor of team-b); alice makes her
 * namespace require signed modules, so her unsigned module is refused and her signed one runs; bob
 * can neither read team-a nor link to, call or share the bucket of team-a's components — until alice
 * exports them to team-b. Every change is in the audit log, with who made it.
 */
class TenantIsolationE2E {

    @TempDir
    Path dir;

    private ContinuumProcess up;
    private ClusterAccess cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (up != null) {
            up.close();
        }
    }

    private ContinuumProcess.Result as(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--token", token));
        return cluster.run(all.toArray(String[]::new));
    }

    private static ContinuumProcess.Result ok(ContinuumProcess.Result r) {
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    private static void refused(ContinuumProcess.Result r, String... why) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains(why);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void tenantsReachOnlyTheirOwnUnlessExportedAndSignedModulesAreEnforced() throws Exception {
        up = ContinuumProcess.start(
                dir,
                "up",
                "up",
                "--data-dir",
                dir.resolve("data").toString(),
                "--port",
                Integer.toString(ContinuumProcess.freePort()),
                "--gateway-port",
                Integer.toString(ContinuumProcess.freePort()));
        cluster = ClusterAccess.await(dir.resolve("data"), up);

        String alice = ok(cluster.run("user", "create", "alice", "--role", "team-a=admin"))
                .out()
                .lines()
                .findFirst()
                .orElseThrow();
        String bob = ok(cluster.run("user", "create", "bob", "--role", "team-b=editor"))
                .out()
                .lines()
                .findFirst()
                .orElseThrow();
        ok(cluster.run("apply", "-f", write("namespaces.yaml", """
                apiVersion: continuum.dev/v1
                kind: Namespace
                metadata: {name: team-a}
                ---
                apiVersion: continuum.dev/v1
                kind: Namespace
                metadata: {name: team-b}
                """).toString()));
        assertThat(ok(as(alice, "whoami")).out()).contains("user/alice").contains("team-a: admin");

        // alice: signing required in team-a.
        ContinuumProcess.Result key = ok(ContinuumProcess.run("key", "create", "ci", "--dir", dir.toString()));
        String publicKey = Files.readString(dir.resolve("ci.pub")).strip();
        assertThat(key.out()).contains(publicKey);
        Path module = Files.copy(
                Path.of("..", "examples", "hello", "hello.wasm")
                        .toAbsolutePath()
                        .normalize(),
                dir.resolve("catalog.wasm"));
        Path catalog = write("catalog.yaml", """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: catalog, namespace: team-a}
                spec:
                  components:
                    - name: lookup
                      type: function
                      module: file:catalog.wasm
                      capabilities: {keyvalue: true}
                """);
        Path signing = write("team-a.yaml", """
                apiVersion: continuum.dev/v1
                kind: Namespace
                metadata: {name: team-a}
                spec:
                  moduleSigning:
                    required: true
                    trustedKeys:
                      - {name: ci, publicKey: "%s"}
                """.formatted(publicKey));
        ok(as(alice, "apply", "-f", signing.toString()));
        refused(as(alice, "apply", "-f", catalog.toString()), "requires signed modules", "continuum sign");
        ok(ContinuumProcess.run(
                "sign", module.toString(), "--key", dir.resolve("ci.key").toString()));
        assertThat(dir.resolve("catalog.wasm.sig")).exists();
        assertThat(ok(as(alice, "apply", "-f", catalog.toString())).out()).contains("application/catalog created");
        await().atMost(Duration.ofSeconds(60))
                .alias("the signed module runs")
                .until(() -> cluster.client().list(Instance.class, "team-a").items().stream()
                        .anyMatch(i -> i.status().phase() == InstancePhase.RUNNING));
        assertThat(ok(as(alice, "invoke", "catalog/lookup?name=signed", "-n", "team-a"))
                        .out())
                .contains("Hello, signed!");

        // bob: team-b may not reach team-a.
        refused(as(bob, "get", "apps", "-n", "team-a"), "no role in namespace team-a");
        refused(as(bob, "apply", "-f", catalog.toString()), "no role in namespace team-a");
        Path link = write("link.yaml", shop("links: [{from: web, to: team-a/catalog/lookup}]", ""));
        Path call = write("call.yaml", shop("", "calls: [team-a/catalog/lookup]"));
        Path bucket = write("bucket.yaml", shop("", "keyvalue: true, bucket: team-a/catalog"));
        refused(as(bob, "apply", "-f", link.toString()), "spec.links[0].to", "may not link to component lookup");
        refused(as(bob, "apply", "-f", call.toString()), "calls[0]", "may not call component lookup");
        refused(as(bob, "apply", "-f", bucket.toString()), "bucket", "may not share the key-value bucket");

        // alice exports lookup and the bucket to team-b; bob may now.
        ok(as(
                alice,
                "apply",
                "-f",
                write("export.yaml", """
                apiVersion: continuum.dev/v1
                kind: Namespace
                metadata: {name: team-a}
                spec:
                  moduleSigning:
                    required: true
                    trustedKeys:
                      - {name: ci, publicKey: "%s"}
                  exports:
                    - {application: catalog, components: [lookup], keyvalue: true, to: [team-b]}
                """.formatted(publicKey)).toString()));
        ok(as(bob, "apply", "-f", link.toString()));
        ok(as(bob, "delete", "app", "shop", "-n", "team-b"));
        ok(as(bob, "apply", "-f", call.toString()));
        ok(as(bob, "delete", "app", "shop", "-n", "team-b"));
        ok(as(bob, "apply", "-f", bucket.toString()));
        refused(as(bob, "apply", "-f", signing.toString()), "only admins of namespace team-a");

        List<String> audit =
                Files.readAllLines(dir.resolve("data").resolve("server").resolve("audit.log"));
        assertThat(audit)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"user\":\"user/bob\"")
                        .contains("\"namespace\":\"team-b\"")
                        .contains("\"status\":403"));
        assertThat(audit)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"user\":\"user/alice\"")
                        .contains("\"method\":\"POST\"")
                        .contains("\"resource\":\"applications\"")
                        .contains("\"status\":201"));
        assertThat(audit)
                .anySatisfy(
                        l -> assertThat(l).contains("\"user\":\"user/admin\"").contains("/api/v1/users"));
        assertThat(String.join("\n", audit)).doesNotContain(alice).doesNotContain(bob);

        Files.write(module, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        ContinuumProcess.Result tampered = as(alice, "apply", "-f", catalog.toString());
        assertThat(tampered.exitCode()).as("%s", tampered).isEqualTo(2);
        assertThat(tampered.err()).contains("changed since it was signed").contains("sign it again");
    }

    private static String shop(String links, String capabilities) {
        return """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: shop, namespace: team-b}
                spec:
                  components:
                    - name: web
                      module: https://example.com/web.wasm
                      capabilities: {%s}
                  %s
                """.formatted(capabilities, links);
    }
}
