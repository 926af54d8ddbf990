package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
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

    private ContinuumProcess agent(String name, ClusterAccess cluster, int gateway, String... facts) {
        List<String> args = new ArrayList<>(List.of("agent"));
        args.addAll(cluster.agentFlags());
        args.addAll(List.of(
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
        ContinuumProcess cp = start(
                "server", "server", "--data-dir", dir.resolve("server").toString(), "--port", Integer.toString(port));
        try (ClusterAccess cluster = ClusterAccess.await(dir.resolve("server"), cp)) {
            ContinuumClient client = cluster.client();

            int edgeGateway = ContinuumProcess.freePort();
            int cloudGateway = ContinuumProcess.freePort();
            ContinuumProcess edge =
                    agent("edge-arm", cluster, edgeGateway, "--tier", "gateway", "--arch", "arm64", "--site", "f3");
            agent("cloud-x86", cluster, cloudGateway, "--tier", "cloud", "--arch", "amd64");
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
            ContinuumProcess.Result apply = cluster.run("apply", "-f", manifest.toString());
            assertThat(apply.exitCode()).as("%s", apply).isZero();

            await().atMost(Duration.ofSeconds(60))
                    .alias("the instance runs on edge-arm")
                    .until(() -> running(client).isPresent());
            Instance placed = running(client).orElseThrow();
            assertThat(placed.spec().node()).isEqualTo("edge-arm");
            ContinuumProcess.Result explain =
                    cluster.run("explain", "instance", placed.metadata().name());
            assertThat(explain.exitCode()).as("%s", explain).isZero();
            assertThat(explain.out()).contains("1/2 nodes fit").contains("cloud-x86  rejected by");

            Http.Answer direct = Http.get(
                    cluster.gatewayHttp(), "https://127.0.0.1:" + edgeGateway + "/fn/default/sensor/read?name=arm");
            assertThat(direct.status()).as(direct.body()).isEqualTo(200);
            assertThat(direct.body()).contains("Hello, arm!");
            Http.Answer forwarded = Http.get(
                    cluster.gatewayHttp(),
                    "https://127.0.0.1:" + cloudGateway + "/fn/default/sensor/read?name=forwarded");
            assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
            assertThat(forwarded.body()).contains("Hello, forwarded!");

            edge.kill();
            await().atMost(Duration.ofSeconds(30))
                    .alias("edge-arm turns NotReady (unreachable) after its lease expires")
                    .until(() -> !client.get(Node.class, null, "edge-arm")
                            .orElseThrow()
                            .isReady());
            Node lost = client.get(Node.class, null, "edge-arm").orElseThrow();
            assertThat(lost.readyCondition().orElseThrow().reason()).isEqualTo("NodeUnreachable");
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
