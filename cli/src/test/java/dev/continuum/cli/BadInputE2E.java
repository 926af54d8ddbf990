package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind a user can give gets a clear error, and the system stays healthy: after
 * each mistake the hello function still answers.
 */
class BadInputE2E {

    @TempDir
    static Path dir;

    private static ContinuumProcess up;
    private static ClusterAccess access;
    private static String server;
    private static int gateway;
    private static ContinuumClient client;

    @BeforeAll
    static void start() {
        int port = ContinuumProcess.freePort();
        gateway = ContinuumProcess.freePort();
        up = ContinuumProcess.start(
                dir,
                "up",
                "up",
                "--data-dir",
                dir.resolve("data").toString(),
                "--port",
                Integer.toString(port),
                "--gateway-port",
                Integer.toString(gateway));
        await().atMost(Duration.ofSeconds(90)).until(() -> up.output().contains("Continuum is up.") || !up.alive());
        assertThat(up.alive()).as("%s", up).isTrue();
        access = ClusterAccess.await(dir.resolve("data"), up);
        server = access.server().toString();
        client = access.client();
        ContinuumProcess.Result apply = access.run(
                "apply", "-f", Path.of("..", "examples", "hello", "app.yaml").toString());
        assertThat(apply.exitCode()).as("%s", apply).isZero();
    }

    @AfterAll
    static void stop() {
        if (access != null) {
            access.close();
        }
        if (up != null) {
            up.close();
        }
    }

    private static void stillHealthy() {
        assertThat(up.alive()).as("%s", up).isTrue();
        assertThat(client.ready()).isTrue();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Http.get(
                                        access.gatewayHttp(),
                                        "https://127.0.0.1:" + gateway + "/fn/default/hello/greet?name=still")
                                .body())
                        .contains("Hello, still!"));
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void malformedYamlNamesFileAndLineAndChangesNothing() throws Exception {
        Path bad = write("bad.yaml", "apiVersion: continuum.dev/v1\nkind: [Application\nmetadata: {name: x}\n");
        ContinuumProcess.Result r = access.run("apply", "-f", bad.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("bad.yaml:").contains("malformed input");
        stillHealthy();
    }

    @Test
    void unknownKindIsRefusedWithTheKnownOnes() throws Exception {
        Path bad = write("pod.yaml", "apiVersion: continuum.dev/v1\nkind: Pod\nmetadata: {name: x}\n");
        ContinuumProcess.Result r = access.run("apply", "-f", bad.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("pod.yaml:2: kind: unknown kind \"Pod\"").contains("Application");
        ContinuumProcess.Result get = access.run("get", "pods");
        assertThat(get.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(get.err()).contains("unknown kind \"pods\"");
        stillHealthy();
    }

    @Test
    void aModuleThatIsNotWebAssemblyFailsItsInstanceWithTheReason() throws Exception {
        Path notWasm = write("not.wasm", "#!/bin/sh\necho this is a shell script\n");
        Path app = write("notwasm.yaml", """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: notwasm}
                spec:
                  components:
                    - name: main
                      module: file:%s
                """.formatted(notWasm.getFileName()));
        ContinuumProcess.Result r = access.run("apply", "-f", app.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        Instance failed = awaitFailed("notwasm");
        assertThat(failed.status().reason()).isEqualTo("InvalidModule");
        assertThat(failed.status().message()).containsIgnoringCase("not a WebAssembly module");
        stillHealthy();
    }

    @Test
    void aDigestThatDoesNotMatchFailsItsInstanceWithBothDigests() throws Exception {
        Path wasm = Path.of("..", "examples", "hello", "hello.wasm")
                .toAbsolutePath()
                .normalize();
        String wrong = "sha256:" + "0".repeat(64);
        Path app = write("digest.yaml", """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: pinned}
                spec:
                  components:
                    - name: main
                      type: function
                      module: %s
                      digest: %s
                """.formatted(wasm.toUri(), wrong));
        ContinuumProcess.Result r = access.run("apply", "-f", app.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        Instance failed = awaitFailed("pinned");
        assertThat(failed.status().reason()).isEqualTo("DigestMismatch");
        assertThat(failed.status().message()).contains(wrong);
        stillHealthy();
    }

    @Test
    void aFunctionThatDoesNotExistIsA404() {
        Http.Answer a = Http.get(access.gatewayHttp(), "https://127.0.0.1:" + gateway + "/fn/default/nope/greet");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).contains("\"reason\":\"NotFound\"").contains("nope");
        Http.Answer c = Http.get(access.gatewayHttp(), "https://127.0.0.1:" + gateway + "/fn/default/hello/missing");
        assertThat(c.status()).isEqualTo(404);
        assertThat(c.body()).contains("missing");
        ContinuumProcess.Result r = access.run("invoke", "nope/greet");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("no application \"nope\"");
        stillHealthy();
    }

    @Test
    void anInvalidFieldIsRefusedByTheServerToo() throws Exception {
        Path app = write("invalid.json", """
                {"apiVersion": "continuum.dev/v1", "kind": "Application",
                 "metadata": {"name": "x"},
                 "spec": {"components": [{"name": "c", "module": "file:/x.wasm", "replicas": -2}]}}
                """);
        ContinuumProcess.Result r = access.run("apply", "-f", app.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("invalid.json:3: spec.components[0].replicas: must be 0 or more");
        Http.Answer a =
                HttpPost.json(access, server + "/api/v1/namespaces/default/applications", Files.readString(app));
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body()).contains("\"field\":\"spec.components[0].replicas\"");
        stillHealthy();
    }

    private static Instance awaitFailed(String application) {
        await().atMost(Duration.ofSeconds(60))
                .alias(application + " fails")
                .until(() -> instanceOf(application)
                        .filter(i -> i.status().phase() == InstancePhase.FAILED)
                        .isPresent());
        return instanceOf(application).orElseThrow();
    }

    private static Optional<Instance> instanceOf(String application) {
        return client.list(Instance.class, "default").items().stream()
                .filter(i -> application.equals(i.spec().application()))
                .findFirst();
    }
}
