package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane and two agents as separate processes, declaring different tiers and
 * architectures. An application whose placement only one of them fits lands there, answers there
 * (and through the other node's gateway, which forwards), and when that agent is killed its node
 * turns NotReady.
 */
class TwoAgentsE2E {

    @TempDir
    Path dir;

    private final List<ContinuumProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.reversed().forEach(ContinuumProcess::close);
    }

    private ContinuumProcess start(String name, String... args) {
        ContinuumProcess p = ContinuumProcess.start(dir, name, args);
        processes.add(p);
        return p;
    }

    private ContinuumProcess agent(String name, String server, String token, int gateway, String... facts) {
        List<String> args = new ArrayList<>(List.of(
                "agent",
                "--server",
                server,
                "--token",
                token,
                "--node-name",
                name,
                "--data-dir",
                dir.resolve(name).toString(),
                "--gateway-host",
                "127.0.0.1",
                "--gateway-port",
                Integer.toString(gateway),
                "--lease-renew-interval",
                "1s",
                "--lease-duration",
                "3s"));
        args.addAll(List.of(facts));
        return start(name, args.toArray(String[]::new));
    }

    @Test
    void placesWhereOnlyOneNodeFitsServesAndNoticesTheNodeDying() throws Exception {
        int port = ContinuumProcess.freePort();
        String server = "http://127.0.0.1:" + port;
        String token = "0123456789abcdef0123456789abcdef";
        ContinuumProcess cp = start(
                "server",
                "server",
                "--data-dir",
                dir.resolve("server").toString(),
                "--port",
                Integer.toString(port),
                "--bootstrap-token",
                token);
        try (ContinuumClient client = ContinuumClient.connect(URI.create(server), null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.ready() || !cp.alive());
            assertThat(cp.alive()).as("%s", cp).isTrue();

            int edgeGateway = ContinuumProcess.freePort();
            int cloudGateway = ContinuumProcess.freePort();
            ContinuumProcess edge = agent(
                    "edge-arm", server, token, edgeGateway, "--tier", "gateway", "--arch", "arm64", "--site", "f3");
            agent("cloud-x86", server, token, cloudGateway, "--tier", "cloud", "--arch", "amd64");
            await().atMost(Duration.ofSeconds(60))
                    .alias("both nodes Ready")
                    .until(() -> client.list(Node.class, null).items().stream()
                                    .filter(Node::isReady)
                                    .count()
                            == 2);
            Node edgeNode = client.get(Node.class, null, "edge-arm").orElseThrow();
            assertThat(edgeNode.status().platform().arch()).isEqualTo("arm64");

            Path manifest = dir.resolve("app.yaml");
            Path wasm = Path.of("..", "examples", "hello", "hello.wasm")
                    .toAbsolutePath()
                    .normalize();
            Files.writeString(manifest, """
                    apiVersion: continuum.dev/v1
                    kind: Application
                    metadata:
                      name: sensor
                    spec:
                      components:
                        - name: read
                          type: function
                          module: %s
                          placement:
                            tiers: [gateway, device]
                            arch: [arm64]
                    """.formatted(wasm.toUri()));
            ContinuumProcess.Result apply =
                    ContinuumProcess.run("apply", "-f", manifest.toString(), "--server", server);
            assertThat(apply.exitCode()).as("%s", apply).isZero();

            await().atMost(Duration.ofSeconds(60))
                    .alias("the instance runs on edge-arm")
                    .until(() -> running(client).isPresent());
            Instance placed = running(client).orElseThrow();
            assertThat(placed.spec().node()).isEqualTo("edge-arm");
            ContinuumProcess.Result explain = ContinuumProcess.run(
                    "explain", "instance", placed.metadata().name(), "--server", server);
            assertThat(explain.exitCode()).as("%s", explain).isZero();
            assertThat(explain.out()).contains("1/2 nodes fit").contains("cloud-x86  rejected by");

            Http.Answer direct = Http.get("http://127.0.0.1:" + edgeGateway + "/fn/default/sensor/read?name=arm");
            assertThat(direct.status()).as(direct.body()).isEqualTo(200);
            assertThat(direct.body()).contains("Hello, arm!");
            Http.Answer forwarded =
                    Http.get("http://127.0.0.1:" + cloudGateway + "/fn/default/sensor/read?name=forwarded");
            assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
            assertThat(forwarded.body()).contains("Hello, forwarded!");

            edge.kill();
            await().atMost(Duration.ofSeconds(30))
                    .alias("edge-arm turns NotReady after its lease expires")
                    .until(() -> !client.get(Node.class, null, "edge-arm")
                            .orElseThrow()
                            .isReady());
            Node lost = client.get(Node.class, null, "edge-arm").orElseThrow();
            assertThat(lost.readyCondition().orElseThrow().reason()).isEqualTo("NodeLeaseExpired");
            assertThat(client.get(Node.class, null, "cloud-x86").orElseThrow().isReady())
                    .isTrue();
        }
    }

    private static Optional<Instance> running(ContinuumClient client) {
        return client.list(Instance.class, "default").items().stream()
                .filter(i -> "sensor".equals(i.spec().application()))
                .filter(i -> i.status().phase() == InstancePhase.RUNNING)
                .findFirst();
    }
}
