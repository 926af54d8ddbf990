package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's five-minute tour, step by step, against the distribution jar: {@code up} in one
 * process, then {@code apply}, {@code get instances}, an HTTPS call to the function trusting the
 * cluster CA (as {@code curl --cacert} does) and {@code logs}, each a separate process as a user
 * would run them — the CLI finding its server, CA and token in the config {@code up} wrote.
 */
class ReadmeTourE2E {

    @TempDir
    Path dir;

    private ContinuumProcess up;

    @AfterEach
    void stop() {
        if (up != null) {
            up.close();
        }
    }

    @Test
    void theTourWorksOnAFreshDataFolder() {
        int port = ContinuumProcess.freePort();
        int gateway = ContinuumProcess.freePort();
        String server = "https://127.0.0.1:" + port;
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
        await().atMost(Duration.ofSeconds(90))
                .alias("continuum up prints its banner")
                .until(() -> up.output().contains("Continuum is up.") || !up.alive());
        assertThat(up.alive()).as("%s", up).isTrue();
        assertThat(up.output()).contains(server + "/").contains("examples/hello/app.yaml");
        assertThat(dir.resolve("data/examples/hello/hello.wasm")).exists();
        ClusterAccess access = ClusterAccess.of(dir.resolve("data"));
        assertThat(access.server().toString()).isEqualTo(server);
        assertThat(up.output())
                .contains("curl --cacert " + access.caFile() + " 'https://localhost:" + gateway
                        + "/fn/default/hello/greet?name=edge'");

        ContinuumProcess.Result nodes = access.run("get", "nodes");
        assertThat(nodes.exitCode()).as("%s", nodes).isZero();
        assertThat(nodes.out()).contains("Ready");

        ContinuumProcess.Result apply = access.run(
                "apply", "-f", Path.of("..", "examples", "hello", "app.yaml").toString());
        assertThat(apply.exitCode()).as("%s", apply).isZero();
        assertThat(apply.out()).contains("application/hello created");

        await().atMost(Duration.ofSeconds(60))
                .alias("get instances shows the instance Running")
                .until(() -> {
                    ContinuumProcess.Result r = access.run("get", "instances");
                    return r.exitCode() == 0
                            && r.out().contains("hello-greet-")
                            && r.out().contains("Running");
                });

        Http.Answer answer =
                Http.get(access.gatewayHttp(), "https://localhost:" + gateway + "/fn/default/hello/greet?name=edge");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("Hello, edge!");

        ContinuumProcess.Result logs = access.run("logs", "hello");
        assertThat(logs.exitCode()).as("%s", logs).isZero();
        assertThat(logs.out()).contains("name=edge");

        ContinuumProcess.Result again = access.run(
                "apply", "-f", Path.of("..", "examples", "hello", "app.yaml").toString());
        assertThat(again.out()).contains("application/hello unchanged");

        ContinuumProcess.Result invoke = access.run("invoke", "hello/greet?name=cli");
        assertThat(invoke.exitCode()).as("%s", invoke).isZero();
        assertThat(invoke.out()).contains("Hello, cli!");

        Http.Answer plain = Http.get("http://127.0.0.1:" + gateway + "/fn/default/hello/greet?name=plain");
        assertThat(plain.status()).as("the gateway speaks TLS only").isNotEqualTo(200);
        ContinuumProcess.Result anonymous = ContinuumProcess.run(
                "get", "nodes", "--server", server, "--ca-file", access.caFile().toString());
        assertThat(anonymous.exitCode()).as("%s", anonymous).isEqualTo(ExitCodes.FAILED);
        assertThat(anonymous.err()).contains("needs a credential");
        access.close();
    }
}
